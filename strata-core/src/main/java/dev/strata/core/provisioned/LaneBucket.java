package dev.strata.core.provisioned;

/**
 * A provisioned model's tokens for the current minute: holds up to its capacity and refills
 * continuously at that rate, like the rate limiter's buckets. Not thread-safe: {@link
 * CapacityLanes} guards it. Its level goes below zero when a request used more than it was admitted
 * for; later requests then wait for the debt to refill.
 */
final class LaneBucket {
  private static final double NANOS_PER_MINUTE = 60e9;

  /** Rounding dust forgiven when comparing levels, far below one token. */
  private static final double DUST = 1e-6;

  private double capacity;
  private double level;
  private long updatedNanos;

  LaneBucket(long perMinute, long nowNanos) {
    this.capacity = perMinute;
    this.level = perMinute;
    this.updatedNanos = nowNanos;
  }

  /** Changes the capacity (the model's units changed): the difference is added or taken at once. */
  void resize(long perMinute, long nowNanos) {
    if (perMinute != capacity) {
      refill(nowNanos);
      level = Math.min(perMinute, level + (perMinute - capacity));
      capacity = perMinute;
    }
  }

  /** Nanoseconds until {@code amount} is available; zero when it is now. */
  long waitFor(double amount, long nowNanos) {
    refill(nowNanos);
    if (level + DUST >= amount) {
      return 0;
    }
    return (long) Math.ceil((amount - level) / (capacity / NANOS_PER_MINUTE));
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
      level = Math.min(capacity, level + elapsed * (capacity / NANOS_PER_MINUTE));
      updatedNanos = nowNanos;
    }
  }
}
