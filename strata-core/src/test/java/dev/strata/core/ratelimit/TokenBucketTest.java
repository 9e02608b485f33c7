package dev.strata.core.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
  private static final long MINUTE = 60_000_000_000L;

  @Test
  void newBucket_isFull() {
    TokenBucket bucket = new TokenBucket(100, 0);

    assertThat(bucket.capacity()).isEqualTo(100);
    assertThat(bucket.waitFor(100, 0)).isZero();
    assertThat(bucket.waitFor(101, 0)).isPositive();
  }

  @Test
  void refill_isContinuousAtTheMinuteRate_andStopsAtCapacity() {
    TokenBucket bucket = new TokenBucket(60, 0); // one per second
    bucket.take(60);

    assertThat(bucket.waitFor(1, 0)).isCloseTo(1_000_000_000L, within(100_000L));
    assertThat(bucket.waitFor(1, 500_000_000L)).isCloseTo(500_000_000L, within(100_000L));
    assertThat(bucket.waitFor(30, 1_000_000_000L)).isCloseTo(29_000_000_000L, within(100_000L));
    assertThat(bucket.waitFor(60, 10 * MINUTE)).isZero();
    assertThat(bucket.waitFor(61, 10 * MINUTE)).as("never above capacity").isPositive();
  }

  @Test
  void waitFor_isLongEnough_forEveryRateAndAmount() {
    // Waiting exactly the time a bucket names must be enough for the amount; floating-point
    // rounding must not leave it a hair short.
    for (long perMinute = 1; perMinute <= 2_000; perMinute++) {
      for (long amount = 1; amount <= Math.min(perMinute, 60); amount++) {
        TokenBucket bucket = new TokenBucket(perMinute, 0);
        bucket.take(perMinute);
        long wait = bucket.waitFor(amount, 0);
        assertThat(bucket.waitFor(amount, wait / 3)).isPositive(); // refilled in several steps
        assertThat(bucket.waitFor(amount, wait))
            .as("%d per minute, %d after waiting %d ns", perMinute, amount, wait)
            .isZero();
      }
    }
  }

  @Test
  void adjust_refundsUpToCapacity_andChargesIntoDebt() {
    TokenBucket bucket = new TokenBucket(1_000, 0);
    bucket.take(800);

    bucket.adjust(5_000);
    assertThat(bucket.waitFor(1_000, 0)).isZero();
    assertThat(bucket.waitFor(1_001, 0)).isPositive();

    bucket.adjust(-1_100); // used 1,100 more than admitted: 100 in debt
    assertThat(bucket.waitFor(0, 0)) // 100 tokens at 1,000 a minute
        .isCloseTo(6_000_000_000L, within(100_000L));
  }
}
