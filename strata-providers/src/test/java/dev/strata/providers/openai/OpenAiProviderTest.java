package dev.strata.providers.openai;

import static dev.strata.providers.openai.ChatRequestJsonTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.bench.mock.MockOpenAiUpstream;
import dev.strata.bench.mock.MockSettings;
import dev.strata.bench.mock.RecordedRequest;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.EmbeddingRequest;
import dev.strata.core.model.EmbeddingResponse;
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
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The provider against the mock OpenAI upstream, over real HTTP on 127.0.0.1. */
@Timeout(30)
class OpenAiProviderTest {
  private static final String KEY = "sk-test-key-123";
  private static final String TEXT = MockSettings.DEFAULTS.responseText();
  private static final String WEATHER_ARGS = "{\"city\":\"Paris\",\"unit\":\"celsius\"}";

  private static Vertx vertx;
  private static MockOpenAiUpstream upstream;

  private final RecordingSleeper sleeper = new RecordingSleeper();
  private final List<OpenAiProvider> providers = new ArrayList<>();
  private final List<StreamEvent> events = new ArrayList<>();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    upstream = MockOpenAiUpstream.start();
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
  void converse_plainText() {
    ChatResponse response = provider().converse(call(ChatRequest.of("my-alias", "Hello there")));

    assertThat(response.output().role()).isEqualTo(Role.ASSISTANT);
    assertThat(response.output().content()).containsExactly(new ContentBlock.Text(TEXT));
    assertThat(response.stopReason()).isEqualTo(StopReason.END_TURN);
    assertThat(response.usage()).contains(Usage.of(2, 9));
    RecordedRequest sent = upstream.lastRequest();
    assertThat(sent.path()).isEqualTo("/v1/chat/completions");
    assertThat(sent.body().get("model").asText()).isEqualTo("mock-model");
    assertThat(sent.body().get("messages"))
        .isEqualTo(json("[{\"role\":\"user\",\"content\":\"Hello there\"}]"));
    assertThat(sent.body().has("stream")).isFalse();
  }

  @Test
  void converse_sendsTheConfiguredKeyAndExtraHeaders() {
    provider(config -> config.withExtraHeaders(Map.of("OpenAI-Organization", "org-9")))
        .converse(call(ChatRequest.of("a", "hi")));
    RecordedRequest sent = upstream.lastRequest();
    assertThat(sent.header("authorization")).contains("Bearer " + KEY);
    assertThat(sent.header("openai-organization")).contains("org-9");
    assertThat(sent.header("content-type")).contains("application/json");
  }

  @Test
  void converseStream_relaysTextAsItArrives_andReturnsTheAssembledAnswer() {
    upstream.update(settings -> settings.withStreamChunks(4));
    ChatResponse response =
        provider().converseStream(call(ChatRequest.of("a", "Hello there")), events::add);

    assertThat(events.get(0)).isEqualTo(new StreamEvent.MessageStart(Role.ASSISTANT));
    List<StreamEvent.TextDelta> deltas = deltas();
    assertThat(deltas).hasSize(4).allMatch(delta -> delta.index() == 0);
    assertThat(deltas.stream().map(StreamEvent.TextDelta::text).reduce("", String::concat))
        .isEqualTo(TEXT);
    assertThat(events.subList(5, events.size()))
        .containsExactly(
            new StreamEvent.ContentBlockStop(0),
            new StreamEvent.MessageStop(StopReason.END_TURN),
            new StreamEvent.UsageReport(Usage.of(2, 9)));
    assertThat(response.output().content()).containsExactly(new ContentBlock.Text(TEXT));
    assertThat(response.usage()).contains(Usage.of(2, 9));
    JsonAssert.streamRequested(upstream.lastRequest());
  }

  @Test
  void converse_toolCall_argumentsParsed() {
    upstream.update(settings -> settings.withToolCall(WEATHER_ARGS));
    ChatResponse response = provider().converse(call(weatherRequest()));

    assertThat(response.stopReason()).isEqualTo(StopReason.TOOL_USE);
    assertThat(response.output().content())
        .singleElement()
        .isInstanceOfSatisfying(
            ContentBlock.ToolUse.class,
            use -> {
              assertThat(use.name()).isEqualTo("get_weather");
              assertThat(use.id()).startsWith("call_");
              assertThat(use.input()).isEqualTo(json(WEATHER_ARGS));
            });
    RecordedRequest sent = upstream.lastRequest();
    assertThat(sent.body().at("/tools/0/function/name").asText()).isEqualTo("get_weather");
    assertThat(sent.body().at("/tool_choice").asText()).isEqualTo("auto");
  }

  @Test
  void converseStream_toolCall_argumentsReassembled() {
    upstream.update(settings -> settings.withToolCall(WEATHER_ARGS).withStreamChunks(5));
    ChatResponse response = provider().converseStream(call(weatherRequest()), events::add);

    assertThat(events.get(1))
        .isInstanceOfSatisfying(
            StreamEvent.ToolUseStart.class,
            start -> {
              assertThat(start.index()).isZero();
              assertThat(start.name()).isEqualTo("get_weather");
            });
    String arguments =
        events.stream()
            .filter(StreamEvent.ToolInputDelta.class::isInstance)
            .map(event -> ((StreamEvent.ToolInputDelta) event).partialJson())
            .reduce("", String::concat);
    assertThat(arguments).isEqualTo(WEATHER_ARGS);
    assertThat(events)
        .contains(
            new StreamEvent.ContentBlockStop(0), new StreamEvent.MessageStop(StopReason.TOOL_USE));
    assertThat(response.stopReason()).isEqualTo(StopReason.TOOL_USE);
    assertThat(((ContentBlock.ToolUse) response.output().content().get(0)).input())
        .isEqualTo(json(WEATHER_ARGS));
  }

  @Test
  void usageWithCachedTokens_isMappedExactly_plainAndStreamed() {
    upstream.update(settings -> settings.withUsage(1200, 30, 1000));
    Usage expected = new Usage(200, 30, 1000, 0, 0);
    OpenAiProvider provider = provider();

    assertThat(provider.converse(call(ChatRequest.of("a", "hi"))).usage()).contains(expected);
    assertThat(provider.converseStream(call(ChatRequest.of("a", "hi")), events::add).usage())
        .contains(expected);
    assertThat(events).contains(new StreamEvent.UsageReport(expected));
  }

  @Test
  void missingUsage_isEmpty_plainAndStreamed() {
    OpenAiProvider provider = provider();
    upstream.omitUsageNext();
    assertThat(provider.converse(call(ChatRequest.of("a", "hi"))).usage()).isEmpty();
    upstream.omitUsageNext();
    ChatResponse streamed = provider.converseStream(call(ChatRequest.of("a", "hi")), events::add);
    assertThat(streamed.usage()).isEmpty();
    assertThat(events).noneMatch(StreamEvent.UsageReport.class::isInstance);
    assertThat(streamed.output().text()).isEqualTo(TEXT);
  }

  @Test
  void throttled_retriesAfterTheTimeRetryAfterAsks() {
    upstream.failNext(429, 3, "Rate limit reached");
    ChatResponse response = provider().converse(call(ChatRequest.of("a", "hi")));

    assertThat(response.output().text()).isEqualTo(TEXT);
    assertThat(upstream.requestCount()).isEqualTo(2);
    assertThat(sleeper.pauses()).containsExactly(Duration.ofSeconds(3));
  }

  @Test
  void throttledStream_isRetriedBeforeAnythingIsRelayed() {
    upstream.failNext(429, 1, "Rate limit reached");
    ChatResponse response = provider().converseStream(call(ChatRequest.of("a", "hi")), events::add);

    assertThat(response.output().text()).isEqualTo(TEXT);
    assertThat(upstream.requestCount()).isEqualTo(2);
    assertThat(events).filteredOn(StreamEvent.MessageStart.class::isInstance).hasSize(1);
  }

  @Test
  void serverErrorThenSuccess_isRetriedWithBackoff() {
    upstream.failNext(500, null, "The server had an error");
    ChatResponse response = provider().converse(call(ChatRequest.of("a", "hi")));

    assertThat(response.output().text()).isEqualTo(TEXT);
    assertThat(upstream.requestCount()).isEqualTo(2);
    assertThat(sleeper.pauses())
        .singleElement()
        .satisfies(
            pause -> assertThat(pause).isBetween(Duration.ofMillis(5), Duration.ofMillis(10)));
  }

  @Test
  void serverErrorsBeyondTheRetries_areUnavailable() {
    for (int i = 0; i < 3; i++) {
      upstream.failNext(503, null, "Overloaded");
    }
    assertThatThrownBy(() -> provider().converse(call(ChatRequest.of("a", "hi"))))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
              assertThat(e.isRetryable()).isTrue();
              assertThat(e.getMessage()).contains("Overloaded");
            });
    assertThat(upstream.requestCount()).isEqualTo(3);
    assertThat(sleeper.pauses()).hasSize(2);
  }

  @Test
  void throttlingBeyondTheRetries_isRateLimited() {
    for (int i = 0; i < 3; i++) {
      upstream.failNext(429, 0, "Slow down");
    }
    assertThatThrownBy(() -> provider().converse(call(ChatRequest.of("a", "hi"))))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
              assertThat(e.isRetryable()).isTrue();
            });
    assertThat(upstream.requestCount()).isEqualTo(3);
  }

  @Test
  void retryAfterBeyondMaxBackoff_failsAtOnceCarryingTheWait() {
    upstream.failNext(429, 120, "Daily limit");
    assertThatThrownBy(() -> provider().converse(call(ChatRequest.of("a", "hi"))))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
              assertThat(e.retryAfter()).contains(Duration.ofSeconds(120));
            });
    assertThat(upstream.requestCount()).isEqualTo(1);
    assertThat(sleeper.pauses()).isEmpty();
  }

  @Test
  void badRequest_isInvalidWithTheUpstreamMessage_andNotRetried() {
    upstream.failNext(400, null, "Invalid value for 'temperature'");
    assertThatThrownBy(() -> provider().converse(call(ChatRequest.of("a", "hi"))))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
              assertThat(e.isRetryable()).isFalse();
              assertThat(e.getMessage()).contains("Invalid value for 'temperature'");
            });
    assertThat(upstream.requestCount()).isEqualTo(1);
  }

  @Test
  void rejectedKey_isAnUpstreamErrorThatNeverEchoesTheKey() {
    upstream.update(settings -> settings.withRequiredApiKey("sk-the-right-one"));
    assertThatThrownBy(() -> provider().converse(call(ChatRequest.of("a", "hi"))))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
              assertThat(e.getMessage()).contains("credentials").doesNotContain(KEY);
            });
    assertThat(upstream.requestCount()).isEqualTo(1);
  }

  @Test
  void unknownModel_isNotFound() {
    upstream.update(settings -> settings.withUnknownModels("mock-model"));
    assertThatThrownBy(() -> provider().converse(call(ChatRequest.of("a", "hi"))))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
              assertThat(e.getMessage()).contains("mock-model");
            });
  }

  @Test
  void hungUpstream_timesOut() {
    upstream.hangNext();
    OpenAiProvider provider =
        provider(
            config ->
                config
                    .withRetries(0, Duration.ofMillis(5), Duration.ofMillis(5))
                    .withTimeouts(
                        Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMillis(300)));
    assertThatThrownBy(() -> provider.converse(call(ChatRequest.of("a", "hi"))))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_TIMEOUT);
              assertThat(e.isRetryable()).isTrue();
            });
  }

  @Test
  void hungUpstream_isRetried() {
    upstream.hangNext();
    OpenAiProvider provider =
        provider(
            config ->
                config.withTimeouts(
                    Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMillis(300)));
    assertThat(provider.converse(call(ChatRequest.of("a", "hi"))).output().text()).isEqualTo(TEXT);
    assertThat(upstream.requestCount()).isEqualTo(2);
  }

  @Test
  void stalledStream_timesOutAfterRelayingWhatArrived() {
    upstream.update(settings -> settings.withChunkDelay(Duration.ofSeconds(5)));
    OpenAiProvider provider =
        provider(
            config ->
                config.withTimeouts(
                    Duration.ofSeconds(2), Duration.ofMillis(300), Duration.ofSeconds(30)));
    assertThatThrownBy(() -> provider.converseStream(call(ChatRequest.of("a", "hi")), events::add))
        .isInstanceOfSatisfying(
            StrataException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_TIMEOUT));
    assertThat(events).containsExactly(new StreamEvent.MessageStart(Role.ASSISTANT));
    assertThat(upstream.requestCount()).isEqualTo(1);
  }

  @Test
  void streamBrokenMidway_failsAfterRelayingTheFirstChunks() {
    upstream.update(settings -> settings.withStreamChunks(5));
    upstream.breakStreamNext(3);
    assertThatThrownBy(
            () -> provider().converseStream(call(ChatRequest.of("a", "hi")), events::add))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
              assertThat(e.isRetryable()).isFalse();
            });
    assertThat(events.get(0)).isEqualTo(new StreamEvent.MessageStart(Role.ASSISTANT));
    assertThat(deltas()).hasSize(2);
    assertThat(TEXT).startsWith(deltas().get(0).text() + deltas().get(1).text());
    assertThat(events).noneMatch(StreamEvent.MessageStop.class::isInstance);
    assertThat(upstream.requestCount()).isEqualTo(1);
  }

  @Test
  void streamBrokenBeforeAnyEvent_isRetried() {
    upstream.breakStreamNext(0);
    ChatResponse response = provider().converseStream(call(ChatRequest.of("a", "hi")), events::add);
    assertThat(response.output().text()).isEqualTo(TEXT);
    assertThat(upstream.requestCount()).isEqualTo(2);
    assertThat(events).filteredOn(StreamEvent.MessageStart.class::isInstance).hasSize(1);
  }

  @Test
  void nobodyListening_isUnavailable() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    OpenAiProviderConfig config =
        OpenAiProviderConfig.defaults(
                "gone", URI.create("http://127.0.0.1:" + port + "/v1"), Optional.empty())
            .withRetries(1, Duration.ofMillis(10), Duration.ofMillis(20));
    OpenAiProvider provider =
        track(OpenAiProvider.create(vertx, config, sleeper, Clock.systemUTC()));
    assertThatThrownBy(() -> provider.converse(call(ChatRequest.of("a", "hi"))))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
              assertThat(e.isRetryable()).isTrue();
            });
    assertThat(sleeper.pauses()).hasSize(1);
  }

  @Test
  void embeddings_returnVectorsInOrderWithTheReportedTokens() {
    EmbeddingResponse response =
        provider()
            .embeddings()
            .orElseThrow()
            .embed(
                new EmbeddingRequest("mock-embed", List.of("one two", "three"), OptionalInt.of(4)));
    assertThat(response.vectors()).hasSize(2).allSatisfy(vector -> assertThat(vector).hasSize(4));
    assertThat(response.vectors().get(0)).isNotEqualTo(response.vectors().get(1));
    assertThat(response.inputTokens()).contains(3L);
    RecordedRequest sent = upstream.lastRequest();
    assertThat(sent.path()).isEqualTo("/v1/embeddings");
    assertThat(sent.body().get("encoding_format").asText()).isEqualTo("float");
    assertThat(sent.body().get("dimensions").asInt()).isEqualTo(4);
  }

  @Test
  void tokenCounter_isOpenAisTokenizer() {
    assertThat(provider().tokenCounter("gpt-4o").orElseThrow().count("hello world")).isEqualTo(2);
  }

  private List<StreamEvent.TextDelta> deltas() {
    return events.stream()
        .filter(StreamEvent.TextDelta.class::isInstance)
        .map(StreamEvent.TextDelta.class::cast)
        .toList();
  }

  private static ChatRequest weatherRequest() {
    ToolSpec weather =
        new ToolSpec(
            "get_weather",
            "Current weather in a city",
            json("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}"));
    return new ChatRequest(
        "a",
        List.of(),
        List.of(Message.user("Weather in Paris?")),
        InferenceConfig.DEFAULTS,
        Optional.of(new ToolConfig(List.of(weather), new ToolChoice.Auto())),
        new ResponseFormat.Text(),
        Map.of());
  }

  private static ModelCall call(ChatRequest request) {
    return new ModelCall(request, "mock-model");
  }

  private OpenAiProvider provider() {
    return provider(UnaryOperator.identity());
  }

  private OpenAiProvider provider(UnaryOperator<OpenAiProviderConfig> change) {
    OpenAiProviderConfig config =
        OpenAiProviderConfig.defaults("mock", URI.create(upstream.baseUrl()), Optional.of(KEY))
            .withRetries(2, Duration.ofMillis(10), Duration.ofSeconds(30))
            .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10));
    return track(OpenAiProvider.create(vertx, change.apply(config), sleeper, Clock.systemUTC()));
  }

  private OpenAiProvider track(OpenAiProvider provider) {
    providers.add(provider);
    return provider;
  }

  /** Assertions on what the upstream received. */
  private static final class JsonAssert {
    static void streamRequested(RecordedRequest request) {
      assertThat(request.body().get("stream").asBoolean()).isTrue();
      assertThat(request.body().at("/stream_options/include_usage").asBoolean()).isTrue();
      assertThat(request.header("accept")).contains("text/event-stream");
    }
  }
}
