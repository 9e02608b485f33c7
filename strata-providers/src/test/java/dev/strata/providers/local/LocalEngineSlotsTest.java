package dev.strata.providers.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.StopReason;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * One slot and a short wait for it: a second request waits, and gets the slot or fails as
 * unavailable. The first request holds the slot by not reading its answer (see {@link GatedSink}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class LocalEngineSlotsTest {
  private static final Duration SLOT_WAIT = Duration.ofSeconds(3);

  /** Longer than the engine's buffer, so an unread answer keeps generating into a full buffer. */
  private static final int HOLDING_ANSWER = Generation.BUFFER + 100;

  private LocalEngineProvider engine;

  @BeforeAll
  void load() {
    engine = LocalEngineProvider.load(TinyModel.config(1, SLOT_WAIT));
  }

  @AfterAll
  void close() {
    engine.close();
  }

  @Test
  void aSecondRequest_failsUnavailable_whileTheFirstHoldsTheOnlySlot() throws Exception {
    GatedSink gate = new GatedSink();
    CompletableFuture<ChatResponse> first =
        inVirtualThread(
            () -> engine.converseStream(Requests.call("hold the slot", HOLDING_ANSWER, 1), gate));
    assertThat(gate.awaitHolding()).isTrue();

    assertThatThrownBy(() -> engine.converse(Requests.call("me too", 4, 1)))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
              assertThat(e.isRetryable()).isTrue();
            });

    gate.release();
    ChatResponse held = first.get(30, TimeUnit.SECONDS);
    assertThat(held.usage().orElseThrow().outputTokens()).isEqualTo(HOLDING_ANSWER);
    assertThat(engine.busySlots()).isZero();
  }

  @Test
  void aWaitingRequest_getsTheSlotWhenTheFirstEnds() throws Exception {
    GatedSink gate = new GatedSink();
    CompletableFuture<ChatResponse> first =
        inVirtualThread(
            () -> engine.converseStream(Requests.call("first in", HOLDING_ANSWER, 2), gate));
    assertThat(gate.awaitHolding()).isTrue();
    CompletableFuture<ChatResponse> second =
        inVirtualThread(() -> engine.converse(Requests.call("second in", 4, 2)));
    awaitWaitingRequests(1);

    gate.release();

    assertThat(first.get(30, TimeUnit.SECONDS).stopReason()).isEqualTo(StopReason.MAX_TOKENS);
    ChatResponse answer = second.get(30, TimeUnit.SECONDS);
    assertThat(answer.usage().orElseThrow().outputTokens()).isEqualTo(4);
  }

  private void awaitWaitingRequests(int expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (engine.waitingRequests() != expected) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no request started waiting for the slot");
      }
      Thread.sleep(5);
    }
  }

  static <T> CompletableFuture<T> inVirtualThread(java.util.function.Supplier<T> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                result.complete(work.get());
              } catch (Throwable e) {
                result.completeExceptionally(e);
              }
            });
    return result;
  }
}
