package dev.strata.providers.http;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * How long an upstream asks its caller to wait: {@code retry-after-ms} (OpenAI's milliseconds)
 * first, then the standard {@code Retry-After} as seconds or an HTTP date.
 */
public final class RetryAfter {
  private RetryAfter() {}

  /** The requested wait, never negative; empty when no header is present or none parses. */
  public static Optional<Duration> from(ResponseHeaders headers, Clock clock) {
    Optional<Duration> millis =
        headers.first("retry-after-ms").flatMap(value -> decimal(value, 1_000_000L));
    if (millis.isPresent()) {
      return millis;
    }
    return headers.first("retry-after").flatMap(value -> seconds(value.trim(), clock));
  }

  private static Optional<Duration> seconds(String value, Clock clock) {
    Optional<Duration> seconds = decimal(value, 1_000_000_000L);
    if (seconds.isPresent() || value.isEmpty() || !Character.isLetter(value.charAt(0))) {
      return seconds;
    }
    try {
      Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration wait = Duration.between(clock.instant(), at);
      return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    } catch (DateTimeParseException notADate) {
      return Optional.empty();
    }
  }

  private static Optional<Duration> decimal(String value, long nanosPerUnit) {
    try {
      BigDecimal amount = new BigDecimal(value.trim());
      if (amount.signum() < 0) {
        return Optional.of(Duration.ZERO);
      }
      BigDecimal nanos = amount.multiply(BigDecimal.valueOf(nanosPerUnit));
      // A day is far beyond any cap; clamping keeps absurd values from overflowing.
      long clamped = nanos.min(BigDecimal.valueOf(Duration.ofDays(1).toNanos())).longValue();
      return Optional.of(Duration.ofNanos(clamped));
    } catch (NumberFormatException notANumber) {
      return Optional.empty();
    }
  }
}
