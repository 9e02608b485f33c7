package dev.strata.providers.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.strata.bench.mock.RecordedRequest;
import dev.strata.bench.mock.bedrock.BedrockMockSettings;
import dev.strata.bench.mock.bedrock.MockBedrockRuntime;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.InferenceConfig;
import dev.strata.core.model.Message;
import dev.strata.core.model.ResponseFormat;
import dev.strata.core.model.Role;
import dev.strata.core.model.StopReason;
import dev.strata.core.model.StreamEvent;
import dev.strata.core.model.ToolChoice;
import dev.strata.core.model.ToolConfig;
import dev.strata.core.model.ToolSpec;
import dev.strata.core.model.Usage;
import dev.strata.core.provider.ModelCall;
import dev.strata.providers.http.RecordingSleeper;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** The provider against the mock Bedrock runtime, over real HTTP on 127.0.0.1. */
@Timeout(60)
class BedrockProviderTest {
  private static final String MODEL = "anthropic.claude-test-v1";
  private static final String TEXT = "The quick brown fox jumps over the lazy dog.";
  private static final BedrockMockSettings.ToolCall WEATHER =
      new BedrockMockSettings.ToolCall(
          "tooluse_1", "get_weather", "{\"city\":\"Paris\",\"days\":3}");

  private static Vertx vertx;
  private static MockBedrockRuntime upstream;
  private static RecordingSleeper sleeper;
  private static BedrockProvider provider;
  private int pausesBefore;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    upstream =
        MockBedrockRuntime.start(BedrockMockSettings.DEFAULTS.withText(TEXT).withChunkSize(5));
    sleeper = new RecordingSleeper();
    provider = BedrockProvider.create(vertx, config(2), sleeper, Clock.systemUTC());
  }

  @AfterAll
  static void stop() throws Exception {
    provider.close();
    upstream.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @BeforeEach
  void resetUpstream() {
    upstream.reset();
    pausesBefore = sleeper.pauses().size();
  }

  private int pauses() {
    return sleeper.pauses().size() - pausesBefore;
  }

  private static BedrockProviderConfig config(int maxRetries) {
    return BedrockProviderConfig.defaults("bedrock", "us-east-1")
        .withEndpointOverride(URI.create(upstream.baseUrl()))
        .withStaticCredentials("AKIDSTRATATEST", "not-a-real-secret")
        .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10))
        .withMaxRetries(maxRetries);
  }

  private static ModelCall call(String text) {
    return new ModelCall(ChatRequest.of("claude", text), MODEL);
  }

  /** A call that offers the weather tool, which the mock then calls. */
  private static ModelCall callOfferingWeather(String text) {
    ChatRequest plain = ChatRequest.of("claude", text);
    ToolSpec weather =
        new ToolSpec(
            "get_weather", "Current weather", JsonNodeFactory.instance.objectNode().put("type", "object"));
    ChatRequest offering =
        new ChatRequest(
            plain.model(),
            plain.system(),
            plain.messages(),
            plain.inference(),
            Optional.of(new ToolConfig(List.of(weather), new ToolChoice.Auto())),
            plain.responseFormat(),
            plain.metadata());
    return new ModelCall(offering, MODEL);
  }

  /**
   * The {@code Authorization} the AWS SDK's own signer computes for what the mock received, at the
   * time in its {@code x-amz-date}: it equals the one sent only if Strata signed exactly what went
   * over the wire (host, path, headers and body).
   */
  private static String awsSignature(RecordedRequest sent) {
    Instant at =
        LocalDateTime.parse(
                sent.header("x-amz-date").orElseThrow(),
                DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"))
            .toInstant(ZoneOffset.UTC);
    byte[] body = sent.rawBody().getBytes(StandardCharsets.UTF_8);
    SdkHttpRequest received =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(URI.create("http://" + sent.header("host").orElseThrow() + sent.path()))
            .putHeader("content-type", sent.header("content-type").orElseThrow())
            .putHeader("x-amz-content-sha256", sent.header("x-amz-content-sha256").orElseThrow())
            .build();
    return AwsV4HttpSigner.create()
        .sign(
            r ->
                r.identity(AwsCredentialsIdentity.create("AKIDSTRATATEST", "not-a-real-secret"))
                    .request(received)
                    .payload(ContentStreamProvider.fromByteArray(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "bedrock")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                    .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)))
        .request()
        .firstMatchingHeader("Authorization")
        .orElseThrow();
  }

  private static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void converse_returnsTextStopReasonAndUsage() {
    ChatResponse answer = provider.converse(call("hello"));

    assertThat(answer.output().role()).isEqualTo(Role.ASSISTANT);
    assertThat(answer.output().text()).isEqualTo(TEXT);
    assertThat(answer.stopReason()).isEqualTo(StopReason.END_TURN);
    assertThat(answer.usage()).contains(Usage.of(12, 8));
    assertThat(upstream.lastRequest().path()).isEqualTo("/model/" + MODEL + "/converse");
    assertThat(upstream.lastRequest().body().at("/messages/0/content/0/text").asText())
        .isEqualTo("hello");
  }

  @Test
  void converse_sendsSigV4SignatureWithConfiguredAccessKey() {
    provider.converse(call("hello"));

    assertThat(upstream.lastRequest().header("Authorization"))
        .hasValueSatisfying(
            auth ->
                assertThat(auth)
                    .startsWith("AWS4-HMAC-SHA256 Credential=AKIDSTRATATEST/")
                    .contains("/us-east-1/bedrock/aws4_request")
                    .contains("Signature="));
    assertThat(upstream.lastRequest().header("X-Amz-Date")).isPresent();
  }

  @Test
  void converseStream_sendsAuthorizationDateAndPayloadHash_whichTheAwsSignerAgreesWith() {
    provider.converseStream(call("hello"), e -> {});

    RecordedRequest sent = upstream.lastRequest();
    assertThat(sent.header("authorization"))
        .hasValueSatisfying(
            auth ->
                assertThat(auth)
                    .startsWith("AWS4-HMAC-SHA256 Credential=AKIDSTRATATEST/")
                    .contains(
                        "/us-east-1/bedrock/aws4_request, SignedHeaders=content-type;host;"
                            + "x-amz-content-sha256;x-amz-date, Signature="));
    assertThat(sent.header("x-amz-date")).hasValueSatisfying(date -> assertThat(date).hasSize(16));
    assertThat(sent.header("x-amz-content-sha256"))
        .contains(sha256Hex(sent.rawBody().getBytes(StandardCharsets.UTF_8)));
    assertThat(sent.header("accept")).contains("application/vnd.amazon.eventstream");
    assertThat(sent.header("authorization")).contains(awsSignature(sent));
  }

  @Test
  void arnModelId_isPercentEncodedOnceInThePath_andSignedAsTheAwsSignerSignsIt() {
    String arn =
        "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-test-v1";

    ChatResponse answer = provider.converse(new ModelCall(ChatRequest.of("claude", "hi"), arn));

    assertThat(answer.output().text()).isEqualTo(TEXT);
    RecordedRequest sent = upstream.lastRequest();
    assertThat(sent.path())
        .isEqualTo(
            "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile"
                + "%2Fus.anthropic.claude-test-v1/converse");
    assertThat(sent.header("authorization")).contains(awsSignature(sent));
  }

  @Test
  void converseStream_relaysTextInCanonicalOrderAndAssemblesAnswer() {
    List<StreamEvent> events = new CopyOnWriteArrayList<>();

    ChatResponse answer = provider.converseStream(call("hello"), events::add);

    assertThat(upstream.lastRequest().path()).isEqualTo("/model/" + MODEL + "/converse-stream");
    assertThat(events.getFirst()).isEqualTo(new StreamEvent.MessageStart(Role.ASSISTANT));
    List<StreamEvent> deltas = events.subList(1, events.size() - 3);
    assertThat(deltas).allMatch(e -> e instanceof StreamEvent.TextDelta d && d.index() == 0);
    assertThat(deltas).hasSize((TEXT.length() + 4) / 5);
    assertThat(events.subList(events.size() - 3, events.size()))
        .containsExactly(
            new StreamEvent.ContentBlockStop(0),
            new StreamEvent.MessageStop(StopReason.END_TURN),
            new StreamEvent.UsageReport(Usage.of(12, 8)));
    assertThat(answer.output().text()).isEqualTo(TEXT);
    assertThat(answer.usage()).contains(Usage.of(12, 8));
  }

  @Test
  void converse_mapsToolUse() {
    upstream.update(s -> s.withToolCall(WEATHER));

    ChatResponse answer = provider.converse(callOfferingWeather("weather?"));

    assertThat(answer.stopReason()).isEqualTo(StopReason.TOOL_USE);
    assertThat(answer.output().content()).hasSize(1);
    ContentBlock.ToolUse use = (ContentBlock.ToolUse) answer.output().content().getFirst();
    assertThat(use.id()).isEqualTo("tooluse_1");
    assertThat(use.name()).isEqualTo("get_weather");
    assertThat(use.input().path("city").asText()).isEqualTo("Paris");
    assertThat(use.input().path("days").asInt()).isEqualTo(3);
  }

  @Test
  void converseStream_relaysToolUseStartThenInputDeltas() {
    upstream.update(s -> s.withToolCall(WEATHER));
    List<StreamEvent> events = new CopyOnWriteArrayList<>();

    ChatResponse answer = provider.converseStream(callOfferingWeather("weather?"), events::add);

    assertThat(events.get(1))
        .isEqualTo(new StreamEvent.ToolUseStart(0, "tooluse_1", "get_weather"));
    StringBuilder json = new StringBuilder();
    events.stream()
        .filter(e -> e instanceof StreamEvent.ToolInputDelta)
        .forEach(e -> json.append(((StreamEvent.ToolInputDelta) e).partialJson()));
    assertThat(json.toString()).isEqualTo(WEATHER.inputJson());
    assertThat(events).contains(new StreamEvent.MessageStop(StopReason.TOOL_USE));
    ContentBlock.ToolUse use = (ContentBlock.ToolUse) answer.output().content().getFirst();
    assertThat(use.name()).isEqualTo("get_weather");
    assertThat(use.input().path("city").asText()).isEqualTo("Paris");
    assertThat(answer.stopReason()).isEqualTo(StopReason.TOOL_USE);
  }

  @Test
  void usageWithCacheTokens_isMappedExactly() {
    upstream.update(s -> s.withUsage(10, 20, 300, 40));
    Usage expected = new Usage(10, 20, 300, 40, 0);

    assertThat(provider.converse(call("hi")).usage()).contains(expected);
    assertThat(provider.converseStream(call("hi"), e -> {}).usage()).contains(expected);
  }

  @Test
  void cachePoints_areSentAsCachePointBlocks() {
    ChatRequest request =
        new ChatRequest(
            "claude",
            List.of(
                new ContentBlock.Text("You are terse."),
                new ContentBlock.CachePoint(ContentBlock.CacheTtl.FIVE_MINUTES)),
            List.of(
                new Message(
                    Role.USER,
                    List.of(
                        new ContentBlock.Text("long document"),
                        new ContentBlock.CachePoint(ContentBlock.CacheTtl.FIVE_MINUTES)))),
            InferenceConfig.DEFAULTS.withMaxTokens(64),
            Optional.empty(),
            new ResponseFormat.Text(),
            Map.of());

    provider.converse(new ModelCall(request, MODEL));

    JsonNode body = upstream.lastRequest().body();
    assertThat(body.at("/system/0/text").asText()).isEqualTo("You are terse.");
    assertThat(body.at("/system/1/cachePoint/type").asText()).isEqualTo("default");
    assertThat(body.at("/messages/0/content/1/cachePoint/type").asText()).isEqualTo("default");
    assertThat(body.at("/inferenceConfig/maxTokens").asInt()).isEqualTo(64);
  }

  @Test
  void toolCachePoint_isSentAsACachePointAfterThatTool_withItsTtl() {
    JsonNode schema = JsonNodeFactory.instance.objectNode().put("type", "object");
    ChatRequest plain = ChatRequest.of("claude", "hi");
    ChatRequest request =
        new ChatRequest(
            plain.model(),
            plain.system(),
            plain.messages(),
            plain.inference(),
            Optional.of(
                new ToolConfig(
                    List.of(
                        new ToolSpec("search", "", schema),
                        new ToolSpec("fetch", "", schema)
                            .withCachePointAfter(ContentBlock.CacheTtl.ONE_HOUR)),
                    new ToolChoice.Auto())),
            plain.responseFormat(),
            plain.metadata());

    provider.converse(new ModelCall(request, MODEL));

    JsonNode tools = upstream.lastRequest().body().at("/toolConfig/tools");
    assertThat(tools).hasSize(3);
    assertThat(tools.at("/0/toolSpec/name").asText()).isEqualTo("search");
    assertThat(tools.at("/1/toolSpec/name").asText()).isEqualTo("fetch");
    assertThat(tools.at("/2/cachePoint/type").asText()).isEqualTo("default");
    assertThat(tools.at("/2/cachePoint/ttl").asText()).isEqualTo("1h");
  }

  @Test
  void moreThanFourCachePoints_isRefusedAsInvalidBeforeAnyCall() {
    ContentBlock.CachePoint point = new ContentBlock.CachePoint(ContentBlock.CacheTtl.FIVE_MINUTES);
    List<ContentBlock> content = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      content.add(new ContentBlock.Text("part " + i));
      content.add(point);
    }
    ChatRequest request =
        new ChatRequest(
            "claude",
            List.of(),
            List.of(new Message(Role.USER, content)),
            InferenceConfig.DEFAULTS,
            Optional.empty(),
            new ResponseFormat.Text(),
            Map.of());

    assertThatThrownBy(() -> provider.converse(new ModelCall(request, MODEL)))
        .isInstanceOfSatisfying(
            StrataException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST))
        .hasMessageContaining("5 cache points; at most 4");
    assertThat(upstream.requestCount()).isZero();
  }

  @Test
  void throttling_isRetriedThenSucceeds() {
    upstream.failNext(429, "ThrottlingException", "Too many requests");
    upstream.failNext(429, "ThrottlingException", "Too many requests");

    ChatResponse answer = provider.converse(call("hi"));

    assertThat(answer.output().text()).isEqualTo(TEXT);
    assertThat(upstream.requestCount()).isEqualTo(3);
    assertThat(pauses()).isEqualTo(2);
  }

  @Test
  void throttlingBeyondRetries_isRateLimited() {
    for (int i = 0; i < 3; i++) {
      upstream.failNext(429, "ThrottlingException", "Too many requests");
    }

    assertThatThrownBy(() -> provider.converse(call("hi")))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
              assertThat(e.isRetryable()).isTrue();
            });
    assertThat(upstream.requestCount()).isEqualTo(3);
  }

  @Test
  void validationError_isInvalidRequestAndNotRetried() {
    upstream.failNext(400, "ValidationException", "maxTokens is too large");

    assertThatThrownBy(() -> provider.converse(call("hi")))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
              assertThat(e.getMessage()).contains("maxTokens is too large");
            });
    assertThat(upstream.requestCount()).isEqualTo(1);
    assertThat(pauses()).isZero();
  }

  @Test
  void accessDenied_isUpstreamErrorAboutCredentials() {
    upstream.failNext(403, "AccessDeniedException", "not authorized");

    assertThatThrownBy(() -> provider.converseStream(call("hi"), e -> {}))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
              assertThat(e.getMessage()).contains("Bedrock rejected Strata's credentials");
            });
    assertThat(upstream.requestCount()).isEqualTo(1);
  }

  @Test
  void streamThrottledBeforeAnyEvent_isRetried() {
    upstream.failNext(429, "ThrottlingException", "Too many requests");
    List<StreamEvent> events = new CopyOnWriteArrayList<>();

    ChatResponse answer = provider.converseStream(call("hi"), events::add);

    assertThat(answer.output().text()).isEqualTo(TEXT);
    assertThat(events.stream().filter(e -> e instanceof StreamEvent.MessageStart)).hasSize(1);
    assertThat(upstream.requestCount()).isEqualTo(2);
  }

  @Test
  void brokenStream_relaysWhatArrivedThenFailsWithoutRetry() {
    upstream.breakStreamNext(3);
    List<StreamEvent> events = new CopyOnWriteArrayList<>();

    assertThatThrownBy(() -> provider.converseStream(call("hi"), events::add))
        .isInstanceOfSatisfying(StrataException.class, e -> assertThat(e.isRetryable()).isFalse());

    assertThat(events)
        .containsExactly(
            new StreamEvent.MessageStart(Role.ASSISTANT),
            new StreamEvent.TextDelta(0, TEXT.substring(0, 5)),
            new StreamEvent.TextDelta(0, TEXT.substring(5, 10)));
    assertThat(upstream.requestCount()).isEqualTo(1);
  }

  @Test
  void throwingSink_stopsTheStreamAndReachesTheCaller() {
    IllegalStateException gone = new IllegalStateException("client went away");
    List<StreamEvent> events = new CopyOnWriteArrayList<>();

    assertThatThrownBy(
            () ->
                provider.converseStream(
                    call("hi"),
                    e -> {
                      events.add(e);
                      if (events.size() == 2) {
                        throw gone;
                      }
                    }))
        .isSameAs(gone);
    assertThat(events).hasSize(2);
    assertThat(upstream.requestCount()).isEqualTo(1);
  }

  @Test
  void jsonResponseFormat_isRejectedWithoutCallingBedrock() {
    ChatRequest request =
        new ChatRequest(
            "claude",
            List.of(),
            List.of(Message.user("give me json")),
            InferenceConfig.DEFAULTS,
            Optional.empty(),
            new ResponseFormat.JsonObject(),
            Map.of());

    assertThatThrownBy(() -> provider.converse(new ModelCall(request, MODEL)))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
              assertThat(e.getMessage()).contains("no JSON mode");
            });
    assertThat(upstream.requestCount()).isZero();
  }
}
