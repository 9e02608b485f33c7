package dev.strata.server;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits, boundedly, for a condition that another thread makes true — a server closing, a budget
 * given back — checking it every few milliseconds and failing the test with what was still wrong
 * when the time is up.
 */
public final class Eventually {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final long POLL_MILLIS = 5;

  private Eventually() {}

  /**
   * Returns once {@code condition} holds; throws an {@link AssertionError} with {@code stillWrong}'s
   * text if it does not within 10 s.
   */
  public static void until(BooleanSupplier condition, Supplier<String> stillWrong)
      throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(stillWrong.get() + " after " + TIMEOUT.toSeconds() + " s");
      }
      Thread.sleep(POLL_MILLIS);
    }
  }
}
