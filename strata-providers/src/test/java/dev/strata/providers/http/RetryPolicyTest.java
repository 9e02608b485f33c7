package dev.strata.providers.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private final RetryPolicy policy =
      new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(700));

  @Test
  void backoff_doublesPerRetryUpToTheCap() {
    // With the largest jitter the pause is (almost) the whole exponential step.
    assertThat(policy.backoff(1, 0.999_999))
        .isBetween(Duration.ofMillis(99), Duration.ofMillis(100));
    assertThat(policy.backoff(2, 0.999_999))
        .isBetween(Duration.ofMillis(199), Duration.ofMillis(200));
    assertThat(policy.backoff(3, 0.999_999))
        .isBetween(Duration.ofMillis(399), Duration.ofMillis(400));
    assertThat(policy.backoff(4, 0.999_999))
        .isBetween(Duration.ofMillis(699), Duration.ofMillis(700));
    assertThat(policy.backoff(10, 0.999_999))
        .isBetween(Duration.ofMillis(699), Duration.ofMillis(700));
  }

  @Test
  void backoff_jitterKeepsAtLeastHalfTheStep() {
    assertThat(policy.backoff(1, 0)).isEqualTo(Duration.ofMillis(50));
    assertThat(policy.backoff(3, 0)).isEqualTo(Duration.ofMillis(200));
    assertThat(policy.backoff(3, 0.5)).isEqualTo(Duration.ofMillis(300));
  }

  @Test
  void backoff_hugeRetryNumbersDoNotOverflow() {
    RetryPolicy wide = new RetryPolicy(10, Duration.ofDays(1), Duration.ofDays(365));
    assertThat(wide.backoff(10, 0.999)).isPositive().isLessThanOrEqualTo(Duration.ofDays(365));
  }

  @Test
  void constructor_rejectsContradictorySettings() {
    assertThatThrownBy(() -> new RetryPolicy(-1, Duration.ofMillis(1), Duration.ofMillis(1)))
        .hasMessageContaining("maxRetries");
    assertThatThrownBy(() -> new RetryPolicy(11, Duration.ofMillis(1), Duration.ofMillis(1)))
        .hasMessageContaining("maxRetries");
    assertThatThrownBy(() -> new RetryPolicy(1, Duration.ZERO, Duration.ofMillis(1)))
        .hasMessageContaining("initialBackoff");
    assertThatThrownBy(() -> new RetryPolicy(1, Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessageContaining("maxBackoff");
  }
}
