package dev.strata.server.http;

import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of request bodies the server may hold in memory at once, across all requests. A body
 * takes its share as its bytes arrive — never for a length it only declares — and gives it back
 * when its handler is done with it. A body that finds the budget spent is refused as "overloaded"
 * (with a retry hint) instead of being buffered: without the bound, a few dozen clients sending
 * large bodies slowly, before they even authenticate, exhaust the heap.
 */
public final class BodyBudget {
  /** What a refused client is told to wait before it tries again. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  private final long capacity;
  private final AtomicLong held = new AtomicLong();
  private final AtomicLong refusals = new AtomicLong();

  public BodyBudget(long capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("a body budget needs at least one byte, got " + capacity);
    }
    this.capacity = capacity;
  }

  /** Takes {@code bytes} if they fit; takes nothing and answers false if they do not. */
  boolean tryTake(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("cannot take a negative number of bytes: " + bytes);
    }
    while (true) {
      long now = held.get();
      if (bytes > capacity - now) {
        return false;
      }
      if (held.compareAndSet(now, now + bytes)) {
        return true;
      }
    }
  }

  /** Gives back bytes taken before. */
  void giveBack(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("cannot give back a negative number of bytes: " + bytes);
    }
    held.addAndGet(-bytes);
  }

  /** The bytes held now. */
  public long held() {
    return held.get();
  }

  long capacity() {
    return capacity;
  }

  /** Bodies refused since start because the budget was spent. */
  public long refusals() {
    return refusals.get();
  }

  /**
   * Counts a body refused for want of budget, and gives the failure it gets: 503 (Anthropic: 529),
   * retry after 1 s.
   */
  StrataException refuse() {
    refusals.incrementAndGet();
    return StrataException.builder(
            ErrorKind.UNAVAILABLE,
            "The server is holding its limit of "
                + capacity
                + " bytes of request bodies; retry shortly.")
        .code("server_overloaded")
        .retryAfter(RETRY_AFTER)
        .build();
  }

  @Override
  public String toString() {
    return "BodyBudget[" + held() + " of " + capacity + " bytes held]";
  }
}
