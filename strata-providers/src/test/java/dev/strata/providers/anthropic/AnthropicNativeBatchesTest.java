package dev.strata.providers.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.bench.mock.RecordedRequest;
import dev.strata.bench.mock.anthropic.AnthropicMockSettings;
import dev.strata.bench.mock.anthropic.AnthropicMockUsage;
import dev.strata.bench.mock.anthropic.MockAnthropicUpstream;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.Usage;
import dev.strata.core.provider.ModelCall;
import dev.strata.core.provider.NativeBatchCall;
import dev.strata.core.provider.NativeBatchPoll;
import dev.strata.core.provider.NativeBatchPoll.NativeBatchResult;
import dev.strata.core.provider.NativeBatches;
import dev.strata.providers.http.RecordingSleeper;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

/** Anthropic's Message Batches through the provider, against the mock upstream over real HTTP. */
@Timeout(30)
class AnthropicNativeBatchesTest {
  private static final String KEY = "sk-ant-test-123";
  private static final String TEXT = AnthropicMockSettings.DEFAULTS.responseText();

  private static Vertx vertx;
  private static MockAnthropicUpstream upstream;

  private final RecordingSleeper sleeper = new RecordingSleeper();
  private final List<AnthropicProvider> providers = new ArrayList<>();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    upstream.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @BeforeEach
  void freshUpstream() {
    if (upstream != null) {
      upstream.close();
    }
    upstream =
        MockAnthropicUpstream.start(
            AnthropicMockSettings.DEFAULTS.withNativeBatch(true).withRequiredApiKey(KEY));
  }

  @AfterEach
  void closeProviders() {
    providers.forEach(AnthropicProvider::close);
  }

  @Test
  void nativeBatches_areOfferedOnlyWhenTheConfigTurnsThemOn() {
    assertThat(provider(config -> config.withNativeBatch(false)).nativeBatches()).isEmpty();
    assertThat(provider().nativeBatches()).isPresent();
  }

  @Test
  void submit_sendsOneRequestPerCall_withTheOnDemandMessagesBody() {
    List<NativeBatchCall> calls = List.of(call("a", "Hello there"), call("b", "Bonjour"));

    String batchId = batches().submit(calls);

    RecordedRequest create = upstream.lastRequest();
    assertThat(create.path()).isEqualTo("/v1/messages/batches");
    assertThat(create.header("x-api-key")).contains(KEY);
    assertThat(create.header("anthropic-version")).contains("2023-06-01");
    JsonNode requests = create.body().path("requests");
    assertThat(requests).hasSize(2);
    for (int i = 0; i < calls.size(); i++) {
      assertThat(requests.get(i).path("custom_id").asText()).isEqualTo(calls.get(i).customId());
      assertThat(requests.get(i).path("params"))
          .isEqualTo(
              MessagesRequestJson.body(
                  calls.get(i).call(), false, AnthropicProviderConfig.DEFAULT_MAX_TOKENS));
    }
    assertThat(batchId).startsWith("msgbatch_");
  }

  @Test
  void poll_endsWithEveryAnswer_andItsCacheUsage_withoutOnDemandCalls() {
    upstream.update(settings -> settings.withUsage(new AnthropicMockUsage(3, 4, 5, 6, 7)));
    NativeBatches batches = batches();
    String batchId = batches.submit(List.of(call("a", "one"), call("b", "two")));

    Map<String, NativeBatchResult> results = ended(batches.poll(batchId));

    assertThat(results.keySet()).containsExactlyInAnyOrder("a", "b");
    for (NativeBatchResult result : results.values()) {
      assertThat(result.answer().orElseThrow().output().content())
          .containsExactly(new ContentBlock.Text(TEXT));
      assertThat(result.answer().orElseThrow().usage()).contains(new Usage(3, 4, 5, 6, 7));
    }
    assertThat(upstream.requestCount("POST", "/v1/messages")).isZero();
    assertThat(upstream.batchRequestsRun()).isEqualTo(2);
  }

  @Test
  void poll_isRunningWhileTheBatchIsInProgress() {
    upstream.update(settings -> settings.withBatchDelay(Duration.ofHours(1)));
    NativeBatches batches = batches();
    String batchId = batches.submit(List.of(call("a", "x"), call("b", "y")));

    assertThat(batches.poll(batchId)).isEqualTo(new NativeBatchPoll.Running(0, 2));
  }

  @Test
  void poll_reportsEachErroredRequest_withTheKindItsTypeImplies() {
    upstream.failBatchRequest("busy", "overloaded_error", "Overloaded");
    upstream.failBatchRequest("bad", "invalid_request_error", "messages: Field required");
    NativeBatches batches = batches();
    String batchId = batches.submit(List.of(call("ok", "x"), call("busy", "y"), call("bad", "z")));

    Map<String, NativeBatchResult> results = ended(batches.poll(batchId));

    assertThat(results.get("ok").answer()).isPresent();
    StrataException busy = results.get("busy").error().orElseThrow();
    assertThat(busy.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    assertThat(busy.isRetryable()).isTrue();
    assertThat(busy.code()).contains("overloaded_error");
    StrataException bad = results.get("bad").error().orElseThrow();
    assertThat(bad.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(bad.getMessage()).contains("messages: Field required");
  }

  @Test
  void poll_leavesOutTheRequestsAnExpiredBatchNeverRan() {
    upstream.expireNextBatch(1);
    NativeBatches batches = batches();
    String batchId = batches.submit(List.of(call("a", "x"), call("b", "y")));

    assertThat(ended(batches.poll(batchId)).keySet()).containsExactly("a");
  }

  @Test
  void cancel_stopsTheBatch_beforeAnyRequestRan() {
    upstream.update(settings -> settings.withBatchDelay(Duration.ofHours(1)));
    NativeBatches batches = batches();
    String batchId = batches.submit(List.of(call("a", "x"), call("b", "y")));

    batches.cancel(batchId);

    assertThat(upstream.requestCount("POST", "/v1/messages/batches/" + batchId + "/cancel"))
        .isEqualTo(1);
    assertThat(batches.poll(batchId)).isEqualTo(new NativeBatchPoll.Ended(List.of()));
    assertThat(upstream.batchRequestsRun()).isZero();
  }

  @Test
  void createOverloaded_isRetried() {
    upstream.failNextBatchCall("POST", "/v1/messages/batches", 529, "overloaded_error", "Busy");

    batches().submit(List.of(call("a", "x")));

    assertThat(upstream.requestCount("POST", "/v1/messages/batches")).isEqualTo(2);
    assertThat(sleeper.pauses()).hasSize(1);
  }

  @Test
  void createFailingWith500_afterTheRetries_isARetryableError() {
    for (int i = 0; i < 3; i++) {
      upstream.failNextBatchCall("POST", "/v1/messages/batches", 500, "api_error", "Internal");
    }

    assertThatThrownBy(() -> batches().submit(List.of(call("a", "x"))))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
              assertThat(e.isRetryable()).isTrue();
            });
  }

  @Test
  void createWhoseAnswerIsLost_isNotSentAgain() {
    upstream.hangNextBatchCall("POST", "/v1/messages/batches");
    NativeBatches batches =
        batches(
            config ->
                config.withTimeouts(
                    Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(500)));

    assertThatThrownBy(() -> batches.submit(List.of(call("a", "x"))))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.isRetryable()).isFalse();
              assertThat(e.code()).contains("upstream_outcome_unknown");
            });
    assertThat(upstream.requestCount("POST", "/v1/messages/batches")).isEqualTo(1);
  }

  @Test
  void upstreamWithoutMessageBatches_isANonRetryableErrorThatSaysWhatToChange() {
    upstream.update(settings -> settings.withNativeBatch(false));

    assertThatThrownBy(() -> batches().submit(List.of(call("a", "x"))))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
              assertThat(e.code()).contains("native_batch_unsupported");
              assertThat(e.getMessage()).contains("nativeBatch");
            });
  }

  @Test
  void submit_refusesACustomIdAnthropicWouldRefuse_withoutCallingTheUpstream() {
    assertThatThrownBy(() -> batches().submit(List.of(call("record 1", "x"))))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
              assertThat(e.getMessage()).contains("'record 1'");
            });
    assertThat(upstream.requestCount()).isZero();
  }

  @Test
  void poll_ofAnUnknownBatch_isNotFound() {
    assertThatThrownBy(() -> batches().poll("msgbatch_nope"))
        .isInstanceOfSatisfying(
            StrataException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
  }

  private static Map<String, NativeBatchResult> ended(NativeBatchPoll poll) {
    assertThat(poll).isInstanceOf(NativeBatchPoll.Ended.class);
    return ((NativeBatchPoll.Ended) poll)
        .results().stream()
            .collect(Collectors.toMap(NativeBatchResult::customId, Function.identity()));
  }

  private static NativeBatchCall call(String customId, String text) {
    return new NativeBatchCall(
        customId, new ModelCall(ChatRequest.of("alias", text), "claude-mock"));
  }

  private NativeBatches batches() {
    return batches(UnaryOperator.identity());
  }

  private NativeBatches batches(UnaryOperator<AnthropicProviderConfig> change) {
    return provider(change).nativeBatches().orElseThrow();
  }

  private AnthropicProvider provider() {
    return provider(UnaryOperator.identity());
  }

  private AnthropicProvider provider(UnaryOperator<AnthropicProviderConfig> change) {
    AnthropicProviderConfig config =
        AnthropicProviderConfig.defaults(
                "anthropic", URI.create(upstream.baseUrl()), Optional.of(KEY))
            .withRetries(2, Duration.ofMillis(10), Duration.ofSeconds(30))
            .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10))
            .withNativeBatch(true);
    AnthropicProvider provider =
        AnthropicProvider.create(vertx, change.apply(config), sleeper, Clock.systemUTC());
    providers.add(provider);
    return provider;
  }
}
