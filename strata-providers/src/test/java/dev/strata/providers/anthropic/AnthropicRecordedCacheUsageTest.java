package dev.strata.providers.anthropic;

import static dev.strata.providers.fixtures.RecordedFixture.bytes;
import static dev.strata.providers.fixtures.RecordedFixture.cost;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.StreamEvent;
import dev.strata.core.model.Usage;
import dev.strata.core.money.Money;
import dev.strata.core.provider.ModelCall;
import dev.strata.providers.http.RecordingSleeper;
import dev.strata.providers.http.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Acceptance: recorded Anthropic answers with prompt-cache reads and writes, plain and streamed,
 * go through the adapter into the canonical usage and are billed to the micro-dollar. Each expected
 * amount is worked out by hand in the comment above it.
 */
@Timeout(30)
class AnthropicRecordedCacheUsageTest {
  private static Vertx vertx;
  private TestServer server;
  private AnthropicProvider provider;
  private final List<StreamEvent> events = new ArrayList<>();

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void close() {
    if (provider != null) {
      provider.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void plainAnswerWritingFiveMinuteAndOneHourCache_costs24243Micros() {
    ChatResponse answer = converse("anthropic-claude-sonnet-4-cache-write.json");

    Usage usage = answer.usage().orElseThrow();
    assertThat(usage).isEqualTo(new Usage(21, 512, 0, 1200, 2000));
    // 21 × 3.00 + 512 × 15.00 + 1200 × 3.75 + 2000 × 6.00 = 63 + 7680 + 4500 + 12000 = 24243 µ$
    assertThat(cost("claude-sonnet-4-20250514", usage)).isEqualTo(Money.ofMicros(24_243));
  }

  @Test
  void plainAnswerReadingCache_costs5370Micros() {
    Usage usage = converse("anthropic-claude-sonnet-4-cache-read.json").usage().orElseThrow();

    assertThat(usage).isEqualTo(new Usage(35, 287, 3200, 0, 0));
    // 35 × 3.00 + 287 × 15.00 + 3200 × 0.30 = 105 + 4305 + 960 = 5370 µ$
    assertThat(cost("claude-sonnet-4-20250514", usage)).isEqualTo(Money.ofMicros(5370));
  }

  @Test
  void streamWritingOneHourCache_keepsTheSplitThroughMessageDelta_andCosts16584Micros() {
    ChatResponse answer = converseStream("anthropic-claude-sonnet-4-stream-cache-write-1h.sse");

    // message_start splits the 2500 written tokens (all one-hour); message_delta repeats only
    // the total, which must not turn them into five-minute writes.
    Usage usage = answer.usage().orElseThrow();
    assertThat(usage).isEqualTo(new Usage(48, 96, 0, 0, 2500));
    assertThat(events).contains(new StreamEvent.UsageReport(usage));
    assertThat(answer.output().text())
        .isEqualTo("Clause 7.2 caps liability at twelve months of fees.");
    // 48 × 3.00 + 96 × 15.00 + 2500 × 6.00 = 144 + 1440 + 15000 = 16584 µ$
    assertThat(cost("claude-sonnet-4-20250514", usage)).isEqualTo(Money.ofMicros(16_584));
  }

  @Test
  void streamReadingCache_takesOutputFromMessageDelta_andCosts943point68Micros() {
    Usage usage =
        converseStream("anthropic-claude-3-5-haiku-stream-cache-read.sse").usage().orElseThrow();

    assertThat(usage).isEqualTo(new Usage(20, 150, 4096, 0, 0));
    // 20 × 0.80 + 150 × 4.00 + 4096 × 0.08 = 16 + 600 + 327.68 = 943.68 µ$ = 943,680,000 p$
    assertThat(cost("claude-3-5-haiku-20241022", usage)).isEqualTo(Money.ofPico(943_680_000L));
  }

  private ChatResponse converse(String fixture) {
    serve(fixture, "application/json");
    return provider.converse(call());
  }

  private ChatResponse converseStream(String fixture) {
    serve(fixture, "text/event-stream");
    return provider.converseStream(call(), events::add);
  }

  private void serve(String fixture, String contentType) {
    byte[] body = bytes(fixture);
    server =
        TestServer.start(
            vertx,
            request ->
                request
                    .body()
                    .onSuccess(
                        ignored ->
                            request
                                .response()
                                .putHeader("content-type", contentType)
                                .end(Buffer.buffer(body))));
    AnthropicProviderConfig config =
        AnthropicProviderConfig.defaults("recorded", server.uri(""), Optional.of("sk-ant-x"))
            .withRetries(0, Duration.ofMillis(10), Duration.ofSeconds(1))
            .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10));
    provider = AnthropicProvider.create(vertx, config, new RecordingSleeper(), Clock.systemUTC());
  }

  private static ModelCall call() {
    return new ModelCall(ChatRequest.of("claude", "What does the contract say?"), "claude-x");
  }
}
