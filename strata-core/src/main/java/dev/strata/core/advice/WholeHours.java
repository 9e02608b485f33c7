package dev.strata.core.advice;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/**
 * The whole UTC hours inside a window: from the first hour that starts at or after its start to
 * the last hour that ends at or before its end. Hourly advice reads only these, so that every hour
 * it counts is a full one.
 *
 * @param from the start of the first whole hour
 * @param to the end of the last whole hour; equal to {@code from} when the window holds none
 */
public record WholeHours(Instant from, Instant to) {
  private static final long HOUR_MILLIS = Duration.ofHours(1).toMillis();

  public WholeHours {
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("whole hours cannot end before they start");
    }
  }

  /** The whole hours inside [{@code start}, {@code end}). */
  public static WholeHours within(Instant start, Instant end) {
    long first = Math.ceilDiv(start.toEpochMilli(), HOUR_MILLIS) * HOUR_MILLIS;
    long last = Math.floorDiv(end.toEpochMilli(), HOUR_MILLIS) * HOUR_MILLIS;
    Instant from = Instant.ofEpochMilli(first);
    return new WholeHours(from, last > first ? Instant.ofEpochMilli(last) : from);
  }

  /** How many hours. */
  public long count() {
    return Duration.between(from, to).toHours();
  }

  /** Whether the hour starting at {@code hour} is one of these. */
  public boolean contains(Instant hour) {
    return !hour.isBefore(from) && hour.isBefore(to);
  }

  /** The start of the hour {@code instant} falls in. */
  static Instant hourOf(Instant instant) {
    return Instant.ofEpochMilli(Math.floorDiv(instant.toEpochMilli(), HOUR_MILLIS) * HOUR_MILLIS);
  }
}
