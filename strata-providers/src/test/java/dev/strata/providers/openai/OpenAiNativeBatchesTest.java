package dev.strata.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.bench.mock.MockOpenAiUpstream;
import dev.strata.bench.mock.MockSettings;
import dev.strata.bench.mock.RecordedRequest;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.InferenceConfig;
import dev.strata.core.model.Usage;
import dev.strata.core.provider.ModelCall;
import dev.strata.core.provider.NativeBatchCall;
import dev.strata.core.provider.NativeBatchPoll;
import dev.strata.core.provider.NativeBatchPoll.NativeBatchResult;
import dev.strata.core.provider.NativeBatches;
import dev.strata.providers.http.RecordingSleeper;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** OpenAI's Batch API through the provider, against the mock upstream over real HTTP. */
@Timeout(30)
class OpenAiNativeBatchesTest {
  private static final String KEY = "sk-test-key-123";
  private static final String TEXT = MockSettings.DEFAULTS.responseText();
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static Vertx vertx;
  private static MockOpenAiUpstream upstream;

  private final RecordingSleeper sleeper = new RecordingSleeper();
  private final List<OpenAiProvider> providers = new ArrayList<>();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    upstream = MockOpenAiUpstream.start(MockSettings.DEFAULTS.withNativeBatch(true));
  }

  @AfterAll
  static void stop() throws Exception {
    upstream.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @BeforeEach
  void resetUpstream() {
    upstream.reset();
  }

  @AfterEach
  void closeProviders() {
    providers.forEach(OpenAiProvider::close);
  }

  @Test
  void nativeBatches_areOfferedOnlyWhenTheConfigTurnsThemOn() {
    assertThat(provider(config -> config.withNativeBatch(false)).nativeBatches()).isEmpty();
    assertThat(provider().nativeBatches()).isPresent();
  }

  @Test
  void submit_uploadsOneLinePerCall_withTheOnDemandChatBody_thenCreatesA24hBatch() {
    List<NativeBatchCall> calls =
        List.of(
            call("a", request("Hello there")),
            call(
                "b",
                request("Bonjour")
                    .withInference(
                        new InferenceConfig(
                            OptionalInt.of(50),
                            OptionalDouble.of(0.5),
                            OptionalDouble.empty(),
                            List.of("END"),
                            OptionalLong.empty(),
                            Optional.empty()))));

    String batchId =
        batches(
                config ->
                    config.withMaxTokensField(
                        OpenAiProviderConfig.MaxTokensField.MAX_COMPLETION_TOKENS))
            .submit(calls);

    RecordedRequest upload = only("POST", "/v1/files");
    assertThat(upload.header("content-type").orElseThrow()).startsWith("multipart/form-data");
    assertThat(upload.header("authorization")).contains("Bearer " + KEY);
    RecordedRequest create = only("POST", "/v1/batches");
    String fileId = create.body().path("input_file_id").asText();
    assertThat(create.body().path("endpoint").asText()).isEqualTo("/v1/chat/completions");
    assertThat(create.body().path("completion_window").asText()).isEqualTo("24h");
    Map<String, JsonNode> lines = byCustomId(fileContent(fileId));
    assertThat(lines.keySet()).containsExactly("a", "b");
    for (NativeBatchCall call : calls) {
      JsonNode line = lines.get(call.customId());
      assertThat(line.path("method").asText()).isEqualTo("POST");
      assertThat(line.path("url").asText()).isEqualTo("/v1/chat/completions");
      assertThat(line.path("body"))
          .isEqualTo(
              ChatRequestJson.body(
                  call.call(), false, OpenAiProviderConfig.MaxTokensField.MAX_COMPLETION_TOKENS));
    }
    assertThat(lines.get("b").at("/body/max_completion_tokens").asInt()).isEqualTo(50);
    assertThat(lines.get("a").path("body").has("stream")).isFalse();
    assertThat(batchId).isNotBlank();
  }

  @Test
  void poll_endsWithEveryAnswer_andTheUsageWithCachedTokens_withoutOnDemandCalls() {
    upstream.update(settings -> settings.withUsage(100, 9, 64));
    NativeBatches batches = batches();
    String batchId = batches.submit(List.of(call("a", request("one")), call("b", request("two"))));

    NativeBatchPoll poll = batches.poll(batchId);

    Map<String, NativeBatchResult> results = ended(poll);
    assertThat(results.keySet()).containsExactlyInAnyOrder("a", "b");
    for (NativeBatchResult result : results.values()) {
      assertThat(result.error()).isEmpty();
      assertThat(result.answer().orElseThrow().output().content())
          .containsExactly(new ContentBlock.Text(TEXT));
      assertThat(result.answer().orElseThrow().usage()).contains(new Usage(36, 9, 64, 0, 0));
    }
    assertThat(upstream.requestCount("POST", "/v1/chat/completions")).isZero();
    assertThat(upstream.batchLinesRun()).isEqualTo(2);
  }

  @Test
  void poll_findsTheUsageAnOnDemandCallWouldReport() {
    OpenAiProvider provider = provider();
    ModelCall call = new ModelCall(request("one two three"), "mock-model");
    Usage onDemand = provider.converse(call).usage().orElseThrow();
    NativeBatches batches = provider.nativeBatches().orElseThrow();

    String batchId = batches.submit(List.of(new NativeBatchCall("a", call)));

    assertThat(ended(batches.poll(batchId)).get("a").answer().orElseThrow().usage())
        .contains(onDemand);
  }

  @Test
  void poll_isRunningWhileTheBatchIsInProgress() {
    upstream.update(settings -> settings.withBatchDelay(Duration.ofHours(1)));
    NativeBatches batches = batches();
    String batchId =
        batches.submit(
            List.of(call("a", request("x")), call("b", request("y")), call("c", request("z"))));

    assertThat(batches.poll(batchId)).isEqualTo(new NativeBatchPoll.Running(0, 3));
    assertThat(upstream.batchLinesRun()).isZero();
  }

  @Test
  void poll_reportsEachFailedLine_withTheKindItsStatusImplies() {
    upstream.failBatchLine("slow", 429, "Rate limit reached");
    upstream.failBatchLine("bad", 400, "Invalid 'messages'");
    NativeBatches batches = batches();
    String batchId =
        batches.submit(
            List.of(
                call("ok", request("x")), call("slow", request("y")), call("bad", request("z"))));

    Map<String, NativeBatchResult> results = ended(batches.poll(batchId));

    assertThat(results.get("ok").answer()).isPresent();
    StrataException throttled = results.get("slow").error().orElseThrow();
    assertThat(throttled.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(throttled.isRetryable()).isTrue();
    assertThat(throttled.getMessage()).contains("Rate limit reached");
    StrataException invalid = results.get("bad").error().orElseThrow();
    assertThat(invalid.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(invalid.isRetryable()).isFalse();
  }

  @Test
  void poll_leavesOutTheCallsAnExpiredBatchNeverRan() {
    upstream.expireNextBatch(1);
    NativeBatches batches = batches();
    String batchId = batches.submit(List.of(call("a", request("x")), call("b", request("y"))));

    Map<String, NativeBatchResult> results = ended(batches.poll(batchId));

    assertThat(results.keySet()).containsExactly("a");
    assertThat(results.get("a").answer()).isPresent();
  }

  @Test
  void poll_reportsAFailedBatch_withTheUpstreamsReason() {
    upstream.failNextBatch("token_limit_exceeded", "Enqueued token limit reached for mock-model");
    NativeBatches batches = batches();
    String batchId = batches.submit(List.of(call("a", request("x"))));

    NativeBatchPoll poll = batches.poll(batchId);

    assertThat(poll).isInstanceOf(NativeBatchPoll.Failed.class);
    assertThat(((NativeBatchPoll.Failed) poll).reason())
        .contains("Enqueued token limit reached for mock-model")
        .contains("token_limit_exceeded");
    assertThat(upstream.batchLinesRun()).isZero();
  }

  @Test
  void cancel_stopsTheBatch_beforeAnyCallRan() {
    upstream.update(settings -> settings.withBatchDelay(Duration.ofHours(1)));
    NativeBatches batches = batches();
    String batchId = batches.submit(List.of(call("a", request("x")), call("b", request("y"))));

    batches.cancel(batchId);

    assertThat(only("POST", "/v1/batches/" + batchId + "/cancel")).isNotNull();
    assertThat(batches.poll(batchId)).isEqualTo(new NativeBatchPoll.Ended(List.of()));
    assertThat(upstream.batchLinesRun()).isZero();
  }

  @Test
  void cancel_ofABatchThatHasEnded_isQuiet() {
    NativeBatches batches = batches();
    String batchId = batches.submit(List.of(call("a", request("x"))));
    assertThat(batches.poll(batchId)).isInstanceOf(NativeBatchPoll.Ended.class);

    batches.cancel(batchId);

    assertThat(upstream.requestCount("POST", "/v1/batches/" + batchId + "/cancel")).isEqualTo(1);
  }

  @Test
  void createFailingWith500_isRetried() {
    upstream.failNextBatchCall("POST", "/v1/batches", 500, null, "The server had an error");
    NativeBatches batches = batches();

    String batchId = batches.submit(List.of(call("a", request("x"))));

    assertThat(upstream.requestCount("POST", "/v1/batches")).isEqualTo(2);
    assertThat(sleeper.pauses()).hasSize(1);
    assertThat(batches.poll(batchId)).isInstanceOf(NativeBatchPoll.Ended.class);
  }

  @Test
  void createFailingWith500_afterTheRetries_isARetryableError_andTheInputFileIsDeleted() {
    for (int i = 0; i < 3; i++) {
      upstream.failNextBatchCall("POST", "/v1/batches", 500, null, "The server had an error");
    }

    assertThatThrownBy(() -> batches().submit(List.of(call("a", request("x")))))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
              assertThat(e.isRetryable()).isTrue();
              assertThat(e.getMessage()).contains("The server had an error");
            });
    assertThat(upstream.requestCount("POST", "/v1/batches")).isEqualTo(3);
    String fileId =
        upstream.recordedRequests().stream()
            .filter(r -> r.path().equals("/v1/batches"))
            .findFirst()
            .orElseThrow()
            .body()
            .path("input_file_id")
            .asText();
    assertThat(upstream.requestCount("DELETE", "/v1/files/" + fileId)).isEqualTo(1);
  }

  @Test
  void createWhoseAnswerIsLost_isNotSentAgain() {
    upstream.hangNextBatchCall("POST", "/v1/batches");
    NativeBatches batches =
        batches(
            config ->
                config.withTimeouts(
                    Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(500)));

    assertThatThrownBy(() -> batches.submit(List.of(call("a", request("x")))))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_TIMEOUT);
              assertThat(e.isRetryable()).isFalse();
              assertThat(e.getMessage()).contains("not sent again");
              assertThat(e.code()).contains("upstream_outcome_unknown");
            });
    assertThat(upstream.requestCount("POST", "/v1/batches")).isEqualTo(1);
    assertThat(upstream.recordedRequests()).noneMatch(r -> r.method().equals("DELETE"));
  }

  @Test
  void uploadThrottled_isRetried_afterTheAskedPause() {
    upstream.failNextBatchCall("POST", "/v1/files", 429, 2, "Too many files");

    batches().submit(List.of(call("a", request("x"))));

    assertThat(upstream.requestCount("POST", "/v1/files")).isEqualTo(2);
    assertThat(sleeper.pauses()).containsExactly(Duration.ofSeconds(2));
  }

  @Test
  void upstreamWithoutTheBatchApi_isANonRetryableErrorThatSaysWhatToChange() {
    upstream.update(settings -> settings.withNativeBatch(false));

    assertThatThrownBy(() -> batches().submit(List.of(call("a", request("x")))))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
              assertThat(e.isRetryable()).isFalse();
              assertThat(e.code()).contains("native_batch_unsupported");
              assertThat(e.getMessage()).contains("nativeBatch");
            });
    assertThat(upstream.requestCount("POST", "/v1/batches")).isZero();
  }

  @Test
  void poll_ofAnUnknownBatch_isNotFound() {
    assertThatThrownBy(() -> batches().poll("batch_nope"))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
              assertThat(e.getMessage()).contains("batch_nope");
            });
  }

  @Test
  void poll_refusesAnIdThatIsNotABatchId_withoutCallingTheUpstream() {
    assertThatThrownBy(() -> batches().poll("../files"))
        .isInstanceOfSatisfying(
            StrataException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST));
    assertThat(upstream.requestCount()).isZero();
  }

  @Test
  void submit_refusesCallsToTwoModels_withoutCallingTheUpstream() {
    List<NativeBatchCall> calls =
        List.of(
            call("a", request("x")),
            new NativeBatchCall("b", new ModelCall(request("y"), "other-model")));

    assertThatThrownBy(() -> batches().submit(calls))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
              assertThat(e.getMessage()).contains("mock-model").contains("other-model");
            });
    assertThat(upstream.requestCount()).isZero();
  }

  @Test
  void submit_largeBatch_roundTripsEveryCall() {
    List<NativeBatchCall> calls = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      calls.add(call("r" + i, request("question number " + i)));
    }
    NativeBatches batches = batches();

    Map<String, NativeBatchResult> results = ended(batches.poll(batches.submit(calls)));

    assertThat(results).hasSize(1_000);
    assertThat(results.values()).allSatisfy(result -> assertThat(result.answer()).isPresent());
    assertThat(results.get("r999").answer().orElseThrow().usage()).contains(Usage.of(3, 9));
  }

  private static Map<String, NativeBatchResult> ended(NativeBatchPoll poll) {
    assertThat(poll).isInstanceOf(NativeBatchPoll.Ended.class);
    return ((NativeBatchPoll.Ended) poll)
        .results().stream()
            .collect(Collectors.toMap(NativeBatchResult::customId, Function.identity()));
  }

  private static RecordedRequest only(String method, String path) {
    List<RecordedRequest> matching =
        upstream.recordedRequests().stream()
            .filter(r -> r.method().equals(method) && r.path().equals(path))
            .toList();
    assertThat(matching).hasSize(1);
    return matching.get(0);
  }

  private static String fileContent(String fileId) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(upstream.baseUrl() + "/files/" + fileId + "/content"))
            .timeout(Duration.ofSeconds(10))
            .build();
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, JsonNode> byCustomId(String jsonl) {
    return Arrays.stream(jsonl.split("\n"))
        .filter(line -> !line.isBlank())
        .map(OpenAiNativeBatchesTest::json)
        .collect(
            Collectors.toMap(
                line -> line.path("custom_id").asText(),
                Function.identity(),
                (a, b) -> a,
                LinkedHashMap::new));
  }

  private static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ChatRequest request(String text) {
    return ChatRequest.of("alias", text);
  }

  private static NativeBatchCall call(String customId, ChatRequest request) {
    return new NativeBatchCall(customId, new ModelCall(request, "mock-model"));
  }

  private NativeBatches batches() {
    return batches(UnaryOperator.identity());
  }

  private NativeBatches batches(UnaryOperator<OpenAiProviderConfig> change) {
    return provider(change).nativeBatches().orElseThrow();
  }

  private OpenAiProvider provider() {
    return provider(UnaryOperator.identity());
  }

  private OpenAiProvider provider(UnaryOperator<OpenAiProviderConfig> change) {
    OpenAiProviderConfig config =
        OpenAiProviderConfig.defaults("mock", URI.create(upstream.baseUrl()), Optional.of(KEY))
            .withRetries(2, Duration.ofMillis(10), Duration.ofSeconds(30))
            .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10))
            .withNativeBatch(true);
    OpenAiProvider provider =
        OpenAiProvider.create(vertx, change.apply(config), sleeper, Clock.systemUTC());
    providers.add(provider);
    return provider;
  }
}
