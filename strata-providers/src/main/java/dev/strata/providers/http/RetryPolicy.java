package dev.strata.providers.http;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How an upstream call is retried: at most {@code maxRetries} more attempts, pausing with
 * exponential backoff from {@code initialBackoff}, each pause (and any {@code Retry-After} the
 * upstream asks for) capped at {@code maxBackoff}.
 */
public record RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxBackoff) {
  /** The most retries a policy may ask for; more only piles load onto a struggling upstream. */
  public static final int MAX_RETRIES = 10;

  public RetryPolicy {
    requireNonNull(initialBackoff, "initialBackoff");
    requireNonNull(maxBackoff, "maxBackoff");
    if (maxRetries < 0 || maxRetries > MAX_RETRIES) {
      throw new IllegalArgumentException(
          "maxRetries must be between 0 and " + MAX_RETRIES + ", was " + maxRetries);
    }
    if (initialBackoff.isNegative() || initialBackoff.isZero()) {
      throw new IllegalArgumentException("initialBackoff must be positive, was " + initialBackoff);
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "maxBackoff ("
              + maxBackoff
              + ") must not be shorter than initialBackoff ("
              + initialBackoff
              + ")");
    }
  }

  /**
   * The pause before retry number {@code retry} (1 for the first): the backoff doubles per retry up
   * to {@code maxBackoff}, and "equal jitter" keeps a random part so that callers throttled
   * together do not come back together.
   *
   * @param jitter a random number in [0, 1)
   */
  public Duration backoff(int retry, double jitter) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry counts from 1, was " + retry);
    }
    if (jitter < 0 || jitter >= 1) {
      throw new IllegalArgumentException("jitter must be in [0, 1), was " + jitter);
    }
    long cap = maxBackoff.toNanos();
    long base = initialBackoff.toNanos();
    for (int i = 1; i < retry && base < cap; i++) {
      base = base > cap / 2 ? cap : base * 2;
    }
    base = Math.min(base, cap);
    long half = base / 2;
    return Duration.ofNanos(half + (long) (jitter * (base - half)));
  }
}
