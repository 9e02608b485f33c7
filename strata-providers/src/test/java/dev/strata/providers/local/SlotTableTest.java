package dev.strata.providers.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class SlotTableTest {
  private static final Duration NO_WAIT = Duration.ZERO;

  @Test
  void aRequest_takesTheSlotWhoseCacheSharesTheLongestPrefix() {
    SlotTable slots = new SlotTable(3);
    int[] shared = range(0, 100);
    take(slots, range(500, 600), 0);
    take(slots, concat(shared, range(1000, 1010)), 1);
    take(slots, range(700, 800), 2);

    SlotTable.Lease lease = slots.acquire(concat(shared, range(2000, 2020)), NO_WAIT);

    assertThat(lease).isEqualTo(new SlotTable.Lease(1, 100));
  }

  @Test
  void aSmallCommonPrefix_doesNotEvictALargerCache() {
    SlotTable slots = new SlotTable(2);
    take(slots, concat(range(0, 5), range(100, 300)), 0); // used first: least recently used
    take(slots, concat(range(0, 5), range(400, 600)), 1);

    // Shares 5 of 205 tokens with either slot: neither qualifies, so recency decides.
    SlotTable.Lease lease = slots.acquire(concat(range(0, 5), range(900, 1100)), NO_WAIT);

    assertThat(lease.slot()).isZero();
    assertThat(lease.reusedTokens()).isEqualTo(5);
  }

  @Test
  void anEmptySlot_isPreferredToEvictingAnUnrelatedCache() {
    SlotTable slots = new SlotTable(2);
    take(slots, range(0, 200), 0);

    assertThat(slots.acquire(range(5000, 5100), NO_WAIT).slot()).isEqualTo(1);
  }

  @Test
  void reusedTokens_neverCoverTheWholePrompt() {
    SlotTable slots = new SlotTable(1);
    int[] prompt = range(0, 50);
    take(slots, prompt, 0);

    assertThat(slots.acquire(prompt, NO_WAIT).reusedTokens()).isEqualTo(49);
  }

  @Test
  void aReleaseThatNeverReachedTheEngine_keepsTheCache() {
    SlotTable slots = new SlotTable(1);
    int[] prompt = range(0, 50);
    take(slots, prompt, 0);
    slots.acquire(prompt, NO_WAIT);
    slots.releaseUnchanged(0);

    assertThat(slots.acquire(prompt, NO_WAIT).reusedTokens()).isEqualTo(49);
  }

  @Test
  void noFreeSlot_failsUnavailableAfterTheWait() {
    SlotTable slots = new SlotTable(1);
    slots.acquire(range(0, 10), NO_WAIT);

    assertThatThrownBy(() -> slots.acquire(range(0, 10), Duration.ofMillis(50)))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
              assertThat(e.isRetryable()).isTrue();
            });
    assertThat(slots.waitingRequests()).isZero();
  }

  @Test
  void aWaitingRequest_getsTheSlotWhenItIsReleased() throws Exception {
    SlotTable slots = new SlotTable(1);
    slots.acquire(range(0, 10), NO_WAIT);
    CompletableFuture<SlotTable.Lease> waiter =
        CompletableFuture.supplyAsync(() -> slots.acquire(range(0, 10), Duration.ofSeconds(5)));
    awaitWaiting(slots);

    slots.release(0, range(0, 10), 3);

    assertThat(waiter.get(5, TimeUnit.SECONDS).slot()).isZero();
    assertThat(slots.busySlots()).isEqualTo(1);
  }

  @Test
  void close_wakesWaitersWhoFailUnavailable() throws Exception {
    SlotTable slots = new SlotTable(1);
    slots.acquire(range(0, 10), NO_WAIT);
    CompletableFuture<SlotTable.Lease> waiter =
        CompletableFuture.supplyAsync(() -> slots.acquire(range(0, 10), Duration.ofSeconds(30)));
    awaitWaiting(slots);

    slots.close();

    assertThatThrownBy(() -> waiter.get(5, TimeUnit.SECONDS))
        .cause()
        .isInstanceOfSatisfying(
            StrataException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE));
  }

  private static void take(SlotTable slots, int[] prompt, int expectedSlot) {
    SlotTable.Lease lease = slots.acquire(prompt, NO_WAIT);
    assertThat(lease.slot()).isEqualTo(expectedSlot);
    slots.release(lease.slot(), prompt, 0);
  }

  private static void awaitWaiting(SlotTable slots) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (slots.waitingRequests() == 0) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(2);
    }
  }

  private static int[] range(int from, int to) {
    return IntStream.range(from, to).toArray();
  }

  private static int[] concat(int[] a, int[] b) {
    return IntStream.concat(IntStream.of(a), IntStream.of(b)).toArray();
  }
}
