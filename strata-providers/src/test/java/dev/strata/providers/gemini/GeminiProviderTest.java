package dev.strata.providers.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.bench.mock.RecordedRequest;
import dev.strata.bench.mock.gemini.GeminiMockSettings;
import dev.strata.bench.mock.gemini.GeminiMockUsage;
import dev.strata.bench.mock.gemini.MockGeminiUpstream;
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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The provider against the mock Gemini upstream, over real HTTP on 127.0.0.1. */
@Timeout(30)
class GeminiProviderTest {
  private static final String KEY = "AIza-test-key";
  private static final String TEXT = GeminiMockSettings.DEFAULTS.responseText();
  private static final String WEATHER_ARGS = "{\"city\":\"Paris\",\"unit\":\"celsius\"}";
  private static final Usage DEFAULT_USAGE = Usage.of(12, 9);

  private static Vertx vertx;
  private static MockGeminiUpstream upstream;

  private final RecordingSleeper sleeper = new RecordingSleeper();
  private final List<GeminiProvider> providers = new ArrayList<>();
  private final List<StreamEvent> events = new ArrayList<>();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    upstream = MockGeminiUpstream.start();
  }

  @AfterAll
  static void stop() throws Exception {
    upstream.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @BeforeEach
  void freshUpstream() {
    // A fresh mock per test: a connection or scripted outcome left by one test cannot leak into
    // the next (a shared, merely reset mock made retry counts flaky under load).
    upstream.close();
    upstream = MockGeminiUpstream.start();
    upstream.update(settings -> settings.withRequiredApiKey(KEY));
  }

  @AfterEach
  void closeProviders() {
    providers.forEach(GeminiProvider::close);
  }

  @Test
  void converse_plainText_withKeyHeaderAndModelPath() {
    ChatResponse response = provider().converse(call(ChatRequest.of("alias", "Hello there")));

    assertThat(response.output())
        .isEqualTo(new Message(Role.ASSISTANT, List.of(new ContentBlock.Text(TEXT))));
    assertThat(response.stopReason()).isEqualTo(StopReason.END_TURN);
    assertThat(response.usage()).contains(DEFAULT_USAGE);
    RecordedRequest sent = upstream.lastRequest();
    assertThat(sent.path()).isEqualTo("/v1beta/models/gemini-mock:generateContent");
    assertThat(sent.header("x-goog-api-key")).contains(KEY);
    assertThat(sent.body().get("contents"))
        .isEqualTo(json("[{\"role\":\"user\",\"parts\":[{\"text\":\"Hello there\"}]}]"));
  }

  @Test
  void converseStream_relaysTextAsItArrives_andReturnsTheAssembledAnswer() {
    upstream.update(settings -> settings.withStreamChunks(4));
    ChatResponse response =
        provider().converseStream(call(ChatRequest.of("a", "Hello there")), events::add);

    assertThat(events.get(0)).isEqualTo(new StreamEvent.MessageStart(Role.ASSISTANT));
    assertThat(deltas()).hasSize(4).allMatch(delta -> delta.index() == 0);
    assertThat(deltas().stream().map(StreamEvent.TextDelta::text).reduce("", String::concat))
        .isEqualTo(TEXT);
    assertThat(events.subList(5, events.size()))
        .containsExactly(
            new StreamEvent.ContentBlockStop(0),
            new StreamEvent.MessageStop(StopReason.END_TURN),
            new StreamEvent.UsageReport(DEFAULT_USAGE));
    assertThat(response.output().content()).containsExactly(new ContentBlock.Text(TEXT));
    assertThat(response.usage()).contains(DEFAULT_USAGE);
    assertThat(upstream.lastRequest().path())
        .isEqualTo("/v1beta/models/gemini-mock:streamGenerateContent");
  }

  @Test
  void converse_functionCall_getsAnId_andFunctionsAreDeclared() {
    upstream.update(settings -> settings.withToolCall(WEATHER_ARGS));
    ChatResponse response = provider().converse(call(weatherRequest(new ToolChoice.Any())));

    assertThat(response.stopReason()).isEqualTo(StopReason.TOOL_USE);
    assertThat(response.output().content())
        .singleElement()
        .isInstanceOfSatisfying(
            ContentBlock.ToolUse.class,
            use -> {
              assertThat(use.id()).startsWith("call_").hasSizeGreaterThan(10);
              assertThat(use.name()).isEqualTo("get_weather");
              assertThat(use.input()).isEqualTo(json(WEATHER_ARGS));
            });
    JsonNode sent = upstream.lastRequest().body();
    assertThat(sent.at("/tools/0/functionDeclarations/0/name").asText()).isEqualTo("get_weather");
    assertThat(sent.at("/toolConfig/functionCallingConfig")).isEqualTo(json("{\"mode\":\"ANY\"}"));
  }

  @Test
  void converseStream_functionCall_isRelayedAsAToolUseBlock() {
    upstream.update(settings -> settings.withToolCall(WEATHER_ARGS));
    ChatResponse response =
        provider()
            .converseStream(call(weatherRequest(new ToolChoice.Named("get_weather"))), events::add);

    StreamEvent.ToolUseStart start = (StreamEvent.ToolUseStart) events.get(1);
    assertThat(start.index()).isZero();
    assertThat(start.name()).isEqualTo("get_weather");
    assertThat(events.subList(2, events.size()))
        .containsExactly(
            new StreamEvent.ToolInputDelta(0, json(WEATHER_ARGS).toString()),
            new StreamEvent.ContentBlockStop(0),
            new StreamEvent.MessageStop(StopReason.TOOL_USE),
            new StreamEvent.UsageReport(DEFAULT_USAGE));
    assertThat(response.output().content())
        .containsExactly(
            new ContentBlock.ToolUse(start.toolUseId(), "get_weather", json(WEATHER_ARGS)));
    assertThat(upstream.lastRequest().body().at("/toolConfig/functionCallingConfig"))
        .isEqualTo(json("{\"mode\":\"ANY\",\"allowedFunctionNames\":[\"get_weather\"]}"));
  }

  @Test
  void usageWithCachedTokens_isMappedExactly_plainAndStreamed() {
    upstream.update(settings -> settings.withUsage(new GeminiMockUsage(1200, 30, 1000)));
    Usage expected = new Usage(200, 30, 1000, 0, 0);
    GeminiProvider provider = provider();

    assertThat(provider.converse(call(ChatRequest.of("a", "hi"))).usage()).contains(expected);
    assertThat(provider.converseStream(call(ChatRequest.of("a", "hi")), events::add).usage())
        .contains(expected);
    assertThat(events).contains(new StreamEvent.UsageReport(expected));
  }

  @Test
  void resourceExhausted_retriesAfterTheTimeRetryAfterAsks() {
    upstream.failNext(429, 3, "RESOURCE_EXHAUSTED", "Quota exceeded");
    ChatResponse response = provider().converse(call(ChatRequest.of("a", "hi")));

    assertThat(response.output().text()).isEqualTo(TEXT);
    assertThat(upstream.requestCount()).isEqualTo(2);
    assertThat(sleeper.pauses()).containsExactly(Duration.ofSeconds(3));
  }

  @Test
  void resourceExhaustedBeyondTheRetries_isRateLimitedCarryingTheWait() {
    for (int i = 0; i < 3; i++) {
      upstream.failNext(429, 2, "RESOURCE_EXHAUSTED", "Quota exceeded");
    }
    assertThatThrownBy(() -> provider().converse(call(ChatRequest.of("a", "hi"))))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
              assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
              assertThat(e.getMessage()).contains("Quota exceeded");
            });
    assertThat(upstream.requestCount()).isEqualTo(3);
  }

  @Test
  void unavailableThenSuccess_isRetried() {
    upstream.failNext(503, null, "UNAVAILABLE", "The model is overloaded.");
    assertThat(provider().converse(call(ChatRequest.of("a", "hi"))).output().text())
        .isEqualTo(TEXT);
    assertThat(upstream.requestCount()).isEqualTo(2);
    assertThat(sleeper.pauses()).hasSize(1);
  }

  @Test
  void invalidArgument_isInvalidWithGooglesMessage_andNotRetried() {
    upstream.failNext(400, null, "INVALID_ARGUMENT", "temperature must be in [0, 2]");
    assertThatThrownBy(() -> provider().converse(call(ChatRequest.of("a", "hi"))))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
              assertThat(e.isRetryable()).isFalse();
              assertThat(e.getMessage()).contains("temperature must be in [0, 2]");
            });
    assertThat(upstream.requestCount()).isEqualTo(1);
  }

  @Test
  void rejectedKey_isACredentialsError_notTheCallersMistake() {
    upstream.update(settings -> settings.withRequiredApiKey("AIza-the-right-one"));
    assertThatThrownBy(() -> provider().converse(call(ChatRequest.of("a", "hi"))))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
              assertThat(e.getMessage()).contains("credentials").doesNotContain(KEY);
            });
  }

  @Test
  void streamBrokenMidway_failsAfterRelayingTheFirstChunks() {
    upstream.breakStreamNext(2);
    assertThatThrownBy(
            () -> provider().converseStream(call(ChatRequest.of("a", "hi")), events::add))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
              assertThat(e.isRetryable()).isFalse();
            });
    assertThat(deltas()).hasSize(2);
    assertThat(TEXT).startsWith(deltas().get(0).text() + deltas().get(1).text());
    assertThat(events).noneMatch(StreamEvent.MessageStop.class::isInstance);
    assertThat(upstream.requestCount()).isEqualTo(1);
  }

  @Test
  void streamBrokenBeforeAnyChunk_isRetried() {
    upstream.breakStreamNext(0);
    ChatResponse response = provider().converseStream(call(ChatRequest.of("a", "hi")), events::add);
    assertThat(response.output().text()).isEqualTo(TEXT);
    assertThat(upstream.requestCount()).isEqualTo(2);
  }

  @Test
  void hungUpstream_timesOut() {
    upstream.hangNext();
    GeminiProvider provider =
        provider(
            config ->
                config
                    .withRetries(0, Duration.ofMillis(5), Duration.ofMillis(5))
                    .withTimeouts(
                        Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMillis(300)));
    assertThatThrownBy(() -> provider.converse(call(ChatRequest.of("a", "hi"))))
        .isInstanceOfSatisfying(
            StrataException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_TIMEOUT));
  }

  @Test
  void stalledStream_timesOutAfterRelayingWhatArrived() {
    upstream.update(settings -> settings.withChunkDelay(Duration.ofSeconds(5)));
    GeminiProvider provider =
        provider(
            config ->
                config.withTimeouts(
                    Duration.ofSeconds(2), Duration.ofMillis(300), Duration.ofSeconds(30)));
    assertThatThrownBy(() -> provider.converseStream(call(ChatRequest.of("a", "hi")), events::add))
        .isInstanceOfSatisfying(
            StrataException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_TIMEOUT));
    assertThat(deltas()).hasSize(1);
    assertThat(upstream.requestCount()).isEqualTo(1);
  }

  @Test
  void modelIdWithPathCharacters_isRefusedBeforeAnyCall() {
    assertThatThrownBy(
            () -> provider().converse(new ModelCall(ChatRequest.of("a", "hi"), "../admin")))
        .isInstanceOfSatisfying(
            StrataException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST));
    assertThat(upstream.requestCount()).isZero();
  }

  @Test
  void modelsPrefix_isAccepted() {
    provider().converse(new ModelCall(ChatRequest.of("a", "hi"), "models/gemini-mock"));
    assertThat(upstream.lastRequest().path())
        .isEqualTo("/v1beta/models/gemini-mock:generateContent");
  }

  private List<StreamEvent.TextDelta> deltas() {
    return events.stream()
        .filter(StreamEvent.TextDelta.class::isInstance)
        .map(StreamEvent.TextDelta.class::cast)
        .toList();
  }

  private static ChatRequest weatherRequest(ToolChoice choice) {
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
        Optional.of(new ToolConfig(List.of(weather), choice)),
        new ResponseFormat.Text(),
        Map.of());
  }

  private static ModelCall call(ChatRequest request) {
    return new ModelCall(request, "gemini-mock");
  }

  private GeminiProvider provider() {
    return provider(UnaryOperator.identity());
  }

  private GeminiProvider provider(UnaryOperator<GeminiProviderConfig> change) {
    GeminiProviderConfig config =
        GeminiProviderConfig.defaults("gemini", URI.create(upstream.baseUrl()), Optional.of(KEY))
            .withRetries(2, Duration.ofMillis(10), Duration.ofSeconds(30))
            .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10));
    GeminiProvider provider =
        GeminiProvider.create(vertx, change.apply(config), sleeper, Clock.systemUTC());
    providers.add(provider);
    return provider;
  }

  static JsonNode json(String text) {
    try {
      return new ObjectMapper().readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
