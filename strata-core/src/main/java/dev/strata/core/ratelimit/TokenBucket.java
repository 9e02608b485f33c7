package dev.strata.core.ratelimit;

/**
 * A bucket that holds up to a minute's allowance and refills continuously at that rate. Not
 * thread-safe: the {@link RateLimiter}'s lock guards it. Its level may go below zero when a request
 * used more than it was admitted for; later requests then wait for the debt to refill.
 */
final class TokenBucket {
  private static final double NANOS_PER_MINUTE = 60e9;
  /**
   * Rounding dust forgiven when comparing levels, far below one token: without it, waiting exactly
   * the time {@link #waitFor} named could refill a hair short of the amount and refuse again.
   */
  private static final double DUST = 1e-6;

  private final double capacity;
  private final double perNano;
  private double level;
  private long updatedNanos;

  TokenBucket(long perMinute, long nowNanos) {
    this.capacity = perMinute;
    this.perNano = perMinute / NANOS_PER_MINUTE;
    this.level = perMinute;
    this.updatedNanos = nowNanos;
  }

  double capacity() {
    return capacity;
  }

  /** Nanoseconds until {@code amount} is available; zero when it is now. */
  long waitFor(double amount, long nowNanos) {
    refill(nowNanos);
    if (level + DUST >= amount) {
      return 0;
    }
    return (long) Math.ceil((amount - level) / perNano);
  }

  void take(double amount) {
    level -= amount;
  }

  /** Gives back (or, negative, takes more of) an earlier charge, never above capacity. */
  void adjust(double refund) {
    level = Math.min(capacity, level + refund);
  }

  private void refill(long nowNanos) {
    long elapsed = nowNanos - updatedNanos;
    if (elapsed > 0) {
      level = Math.min(capacity, level + elapsed * perNano);
      updatedNanos = nowNanos;
    }
  }
}
