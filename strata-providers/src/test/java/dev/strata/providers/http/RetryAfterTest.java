package dev.strata.providers.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  private final Clock clock = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

  @Test
  void from_seconds() {
    assertThat(RetryAfter.from(headers("Retry-After", "7"), clock)).contains(Duration.ofSeconds(7));
  }

  @Test
  void from_fractionalSeconds() {
    assertThat(RetryAfter.from(headers("retry-after", "1.5"), clock))
        .contains(Duration.ofMillis(1500));
  }

  @Test
  void from_httpDate_isRelativeToTheClock() {
    assertThat(RetryAfter.from(headers("Retry-After", "Sun, 01 Mar 2026 12:00:42 GMT"), clock))
        .contains(Duration.ofSeconds(42));
  }

  @Test
  void from_httpDateInThePast_isZero() {
    assertThat(RetryAfter.from(headers("Retry-After", "Sun, 01 Mar 2026 11:00:00 GMT"), clock))
        .contains(Duration.ZERO);
  }

  @Test
  void from_millisecondsHeader_winsOverSeconds() {
    ResponseHeaders both =
        ResponseHeaders.of(Map.of("Retry-After", List.of("2"), "retry-after-ms", List.of("250")));
    assertThat(RetryAfter.from(both, clock)).contains(Duration.ofMillis(250));
  }

  @Test
  void from_garbageOrNothing_isEmpty() {
    assertThat(RetryAfter.from(headers("Retry-After", "soon"), clock)).isEmpty();
    assertThat(RetryAfter.from(ResponseHeaders.empty(), clock)).isEmpty();
  }

  @Test
  void from_absurdValues_areClampedNotOverflowed() {
    assertThat(RetryAfter.from(headers("Retry-After", "99999999999999999999"), clock))
        .contains(Duration.ofDays(1));
    assertThat(RetryAfter.from(headers("Retry-After", "-3"), clock)).contains(Duration.ZERO);
  }

  private static ResponseHeaders headers(String name, String value) {
    return ResponseHeaders.of(Map.of(name, List.of(value)));
  }
}
