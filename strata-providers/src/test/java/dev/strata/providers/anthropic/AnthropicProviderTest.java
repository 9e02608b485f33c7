package dev.strata.providers.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.bench.mock.RecordedRequest;
import dev.strata.bench.mock.anthropic.AnthropicMockSettings;
import dev.strata.bench.mock.anthropic.AnthropicMockUsage;
import dev.strata.bench.mock.anthropic.MockAnthropicUpstream;
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

/** The provider against the mock Anthropic upstream, over real HTTP on 127.0.0.1. */
@Timeout(30)
class AnthropicProviderTest {
  private static final String KEY = "sk-ant-test-123";
  private static final String TEXT = AnthropicMockSettings.DEFAULTS.responseText();
  private static final String WEATHER_ARGS = "{\"city\":\"Paris\",\"unit\":\"celsius\"}";
  private static final Usage DEFAULT_USAGE = Usage.of(12, 9);

  private static Vertx vertx;
  private static MockAnthropicUpstream upstream;

  private final RecordingSleeper sleeper = new RecordingSleeper();
  private final List<AnthropicProvider> providers = new ArrayList<>();
  private final List<StreamEvent> events = new ArrayList<>();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    upstream = MockAnthropicUpstream.start();
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
    upstream = MockAnthropicUpstream.start();
    upstream.update(settings -> settings.withRequiredApiKey(KEY));
  }

  @AfterEach
  void closeProviders() {
    providers.forEach(AnthropicProvider::close);
  }

  @Test
  void converse_plainText_withKeyVersionAndDefaultMaxTokens() {
    ChatResponse response = provider().converse(call(ChatRequest.of("alias", "Hello there")));

    assertThat(response.output())
        .isEqualTo(new Message(Role.ASSISTANT, List.of(new ContentBlock.Text(TEXT))));
    assertThat(response.stopReason()).isEqualTo(StopReason.END_TURN);
    assertThat(response.usage()).contains(DEFAULT_USAGE);
    RecordedRequest sent = upstream.lastRequest();
    assertThat(sent.path()).isEqualTo("/v1/messages");
    assertThat(sent.header("x-api-key")).contains(KEY);
    assertThat(sent.header("anthropic-version")).contains("2023-06-01");
    assertThat(sent.body().get("model").asText()).isEqualTo("claude-mock");
    assertThat(sent.body().get("max_tokens").asInt())
        .isEqualTo(AnthropicProviderConfig.DEFAULT_MAX_TOKENS);
    assertThat(sent.body().get("messages"))
        .isEqualTo(
            json(
                "[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hello"
                    + " there\"}]}]"));
    assertThat(sent.body().has("stream")).isFalse();
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
    assertThat(upstream.lastRequest().body().get("stream").asBoolean()).isTrue();
    assertThat(upstream.lastRequest().header("accept")).contains("text/event-stream");
  }

  @Test
  void converse_toolUse_isParsed_andToolsAreSent() {
    upstream.update(settings -> settings.withToolCall(WEATHER_ARGS));
    ChatResponse response = provider().converse(call(weatherRequest(new ToolChoice.Auto())));

    assertThat(response.stopReason()).isEqualTo(StopReason.TOOL_USE);
    assertThat(response.output().content())
        .singleElement()
        .isInstanceOfSatisfying(
            ContentBlock.ToolUse.class,
            use -> {
              assertThat(use.id()).startsWith("toolu_mock");
              assertThat(use.name()).isEqualTo("get_weather");
              assertThat(use.input()).isEqualTo(json(WEATHER_ARGS));
            });
    JsonNode sent = upstream.lastRequest().body();
    assertThat(sent.at("/tools/0/name").asText()).isEqualTo("get_weather");
    assertThat(sent.at("/tools/0/input_schema/type").asText()).isEqualTo("object");
    assertThat(sent.get("tool_choice")).isEqualTo(json("{\"type\":\"auto\"}"));
  }

  @Test
  void converseStream_toolUse_inputJsonDeltasAreRelayedAndReassembled() {
    upstream.update(settings -> settings.withToolCall(WEATHER_ARGS).withStreamChunks(5));
    ChatResponse response =
        provider()
            .converseStream(call(weatherRequest(new ToolChoice.Named("get_weather"))), events::add);

    StreamEvent.ToolUseStart start = (StreamEvent.ToolUseStart) events.get(1);
    assertThat(start.index()).isZero();
    assertThat(start.toolUseId()).startsWith("toolu_mock");
    assertThat(start.name()).isEqualTo("get_weather");
    String arguments =
        events.stream()
            .filter(StreamEvent.ToolInputDelta.class::isInstance)
            .map(event -> ((StreamEvent.ToolInputDelta) event).partialJson())
            .reduce("", String::concat);
    assertThat(arguments).isEqualTo(WEATHER_ARGS);
    assertThat(events).contains(new StreamEvent.MessageStop(StopReason.TOOL_USE));
    assertThat(response.stopReason()).isEqualTo(StopReason.TOOL_USE);
    assertThat(response.output().content())
        .containsExactly(
            new ContentBlock.ToolUse(start.toolUseId(), "get_weather", json(WEATHER_ARGS)));
    assertThat(upstream.lastRequest().body().get("tool_choice"))
        .isEqualTo(json("{\"type\":\"tool\",\"name\":\"get_weather\"}"));
  }

  @Test
  void usageWithCacheReadsAndWrites_isMappedExactly_plainAndStreamed() {
    upstream.update(settings -> settings.withUsage(new AnthropicMockUsage(100, 30, 1000, 200, 50)));
    Usage expected = new Usage(100, 30, 1000, 200, 50);
    AnthropicProvider provider = provider();

    assertThat(provider.converse(call(ChatRequest.of("a", "hi"))).usage()).contains(expected);
    assertThat(provider.converseStream(call(ChatRequest.of("a", "hi")), events::add).usage())
        .contains(expected);
    assertThat(events).contains(new StreamEvent.UsageReport(expected));
  }

  @Test
  void cachePoints_areSentAsCacheControlOnThePrecedingBlock() {
    ChatRequest request =
        new ChatRequest(
            "a",
            List.of(
                new ContentBlock.Text("You are terse."),
                new ContentBlock.CachePoint(ContentBlock.CacheTtl.ONE_HOUR)),
            List.of(
                new Message(
                    Role.USER,
                    List.of(
                        new ContentBlock.Text("A long document"),
                        new ContentBlock.CachePoint(ContentBlock.CacheTtl.FIVE_MINUTES),
                        new ContentBlock.Text("The question")))),
            InferenceConfig.DEFAULTS.withMaxTokens(77),
            Optional.empty(),
            new ResponseFormat.Text(),
            Map.of());
    provider().converse(call(request));

    JsonNode sent = upstream.lastRequest().body();
    assertThat(sent.get("system"))
        .isEqualTo(
            json(
                "[{\"type\":\"text\",\"text\":\"You are terse.\","
                    + "\"cache_control\":{\"type\":\"ephemeral\",\"ttl\":\"1h\"}}]"));
    assertThat(sent.at("/messages/0/content"))
        .isEqualTo(
            json(
                "[{\"type\":\"text\",\"text\":\"A long document\","
                    + "\"cache_control\":{\"type\":\"ephemeral\",\"ttl\":\"5m\"}},"
                    + "{\"type\":\"text\",\"text\":\"The question\"}]"));
    assertThat(sent.get("max_tokens").asInt()).isEqualTo(77);
  }

  @Test
  void throttled_retriesAfterTheTimeRetryAfterAsks() {
    upstream.failNext(429, 3, "rate_limit_error", "Number of requests has exceeded your limit");
    ChatResponse response = provider().converse(call(ChatRequest.of("a", "hi")));

    assertThat(response.output().text()).isEqualTo(TEXT);
    assertThat(upstream.requestCount()).isEqualTo(2);
    assertThat(sleeper.pauses()).containsExactly(Duration.ofSeconds(3));
  }

  @Test
  void overloadedBeyondTheRetries_isUnavailableAndRetryable() {
    for (int i = 0; i < 3; i++) {
      upstream.failNext(529, null, "overloaded_error", "Overloaded");
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
  }

  @Test
  void throttlingBeyondTheRetries_isRateLimitedCarryingTheWait() {
    for (int i = 0; i < 3; i++) {
      upstream.failNext(429, 1, "rate_limit_error", "Slow down");
    }
    assertThatThrownBy(() -> provider().converse(call(ChatRequest.of("a", "hi"))))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
              assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
            });
  }

  @Test
  void badRequest_isInvalidWithTheUpstreamMessage_andNotRetried() {
    upstream.failNext(400, null, "invalid_request_error", "temperature: must be at most 1");
    assertThatThrownBy(() -> provider().converse(call(ChatRequest.of("a", "hi"))))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
              assertThat(e.isRetryable()).isFalse();
              assertThat(e.getMessage()).contains("temperature: must be at most 1");
            });
    assertThat(upstream.requestCount()).isEqualTo(1);
  }

  @Test
  void rejectedKey_isAnUpstreamErrorThatNeverEchoesTheKey() {
    upstream.update(settings -> settings.withRequiredApiKey("sk-ant-the-right-one"));
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
  void overloadedEventBeforeAnyContent_isRetried() {
    upstream.errorEventNext(1, "overloaded_error", "Overloaded");
    ChatResponse response = provider().converseStream(call(ChatRequest.of("a", "hi")), events::add);

    assertThat(response.output().text()).isEqualTo(TEXT);
    assertThat(upstream.requestCount()).isEqualTo(2);
    assertThat(events).filteredOn(StreamEvent.MessageStart.class::isInstance).hasSize(1);
  }

  @Test
  void overloadedEventAfterContent_failsAfterRelayingWhatArrived() {
    upstream.errorEventNext(4, "overloaded_error", "Overloaded");
    assertThatThrownBy(
            () -> provider().converseStream(call(ChatRequest.of("a", "hi")), events::add))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
              assertThat(e.isRetryable()).isFalse();
              assertThat(e.getMessage()).contains("overloaded_error");
            });
    assertThat(deltas()).hasSize(1);
    assertThat(upstream.requestCount()).isEqualTo(1);
  }

  @Test
  void streamBrokenMidway_failsAfterRelayingTheFirstDeltas() {
    upstream.breakStreamNext(5);
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
  void streamBrokenBeforeAnyContent_isRetried() {
    upstream.breakStreamNext(1);
    ChatResponse response = provider().converseStream(call(ChatRequest.of("a", "hi")), events::add);
    assertThat(response.output().text()).isEqualTo(TEXT);
    assertThat(upstream.requestCount()).isEqualTo(2);
  }

  @Test
  void hungUpstream_timesOut() {
    upstream.hangNext();
    AnthropicProvider provider =
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
  void stalledStream_timesOut() {
    upstream.update(settings -> settings.withChunkDelay(Duration.ofSeconds(5)));
    AnthropicProvider provider =
        provider(
            config ->
                config
                    .withRetries(0, Duration.ofMillis(5), Duration.ofMillis(5))
                    .withTimeouts(
                        Duration.ofSeconds(2), Duration.ofMillis(300), Duration.ofSeconds(30)));
    assertThatThrownBy(() -> provider.converseStream(call(ChatRequest.of("a", "hi")), events::add))
        .isInstanceOfSatisfying(
            StrataException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_TIMEOUT));
    assertThat(events).isEmpty();
  }

  @Test
  void tokenCounter_isEmpty() {
    assertThat(provider().tokenCounter("claude-mock")).isEmpty();
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
    return new ModelCall(request, "claude-mock");
  }

  private AnthropicProvider provider() {
    return provider(UnaryOperator.identity());
  }

  private AnthropicProvider provider(UnaryOperator<AnthropicProviderConfig> change) {
    AnthropicProviderConfig config =
        AnthropicProviderConfig.defaults(
                "anthropic", URI.create(upstream.baseUrl()), Optional.of(KEY))
            .withRetries(2, Duration.ofMillis(10), Duration.ofSeconds(30))
            .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10));
    AnthropicProvider provider =
        AnthropicProvider.create(vertx, change.apply(config), sleeper, Clock.systemUTC());
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
