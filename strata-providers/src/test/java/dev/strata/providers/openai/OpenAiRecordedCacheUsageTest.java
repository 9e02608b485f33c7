package dev.strata.providers.openai;

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
 * Acceptance: recorded OpenAI answers whose prompts hit OpenAI's automatic cache, plain and
 * streamed (the {@code include_usage} final chunk), go through the adapter with the cached tokens
 * split out of {@code prompt_tokens}, and are billed to the micro-dollar at the cached price.
 */
@Timeout(30)
class OpenAiRecordedCacheUsageTest {
  private static Vertx vertx;
  private TestServer server;
  private OpenAiProvider provider;
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
  void plainAnswerWithCachedPrompt_costs5615Micros() {
    serve("openai-gpt-4o-cached.json", "application/json");

    Usage usage = provider.converse(call()).usage().orElseThrow();

    // prompt_tokens 2006 of which cached_tokens 1920: 86 uncached
    assertThat(usage).isEqualTo(new Usage(86, 300, 1920, 0, 0));
    // 86 × 2.50 + 1920 × 1.25 + 300 × 10.00 = 215 + 2400 + 3000 = 5615 µ$
    assertThat(cost("gpt-4o", usage)).isEqualTo(Money.ofMicros(5615));
  }

  @Test
  void streamWithCachedPromptInTheFinalUsageChunk_costs2637point5Micros() {
    serve("openai-gpt-4o-stream-cached.sse", "text/event-stream");

    ChatResponse answer = provider.converseStream(call(), events::add);

    // prompt_tokens 1187 of which cached_tokens 1024: 163 uncached
    Usage usage = answer.usage().orElseThrow();
    assertThat(usage).isEqualTo(new Usage(163, 95, 1024, 0, 0));
    assertThat(events).contains(new StreamEvent.UsageReport(usage));
    assertThat(answer.output().text()).isEqualTo("The notice period is ninety days.");
    // 163 × 2.50 + 1024 × 1.25 + 95 × 10.00 = 407.5 + 1280 + 950 = 2637.5 µ$
    assertThat(cost("gpt-4o", usage)).isEqualTo(Money.ofPico(2_637_500_000L));
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
    OpenAiProviderConfig config =
        OpenAiProviderConfig.defaults("recorded", server.uri("/v1"), Optional.of("sk-x"))
            .withRetries(0, Duration.ofMillis(10), Duration.ofSeconds(1))
            .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10));
    provider = OpenAiProvider.create(vertx, config, new RecordingSleeper(), Clock.systemUTC());
  }

  private static ModelCall call() {
    return new ModelCall(ChatRequest.of("gpt", "What is the notice period?"), "gpt-4o");
  }
}
