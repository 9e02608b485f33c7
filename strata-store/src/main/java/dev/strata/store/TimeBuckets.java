package dev.strata.store;

import dev.strata.core.ledger.CostDimension;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/** Time buckets of the explorer: labels in the query's zone, and whether UTC hours fit the zone. */
final class TimeBuckets {
  static final long MINUTE_MILLIS = 60_000L;

  private TimeBuckets() {}

  /**
   * Whether every UTC hour lies within one local hour of {@code zone} between {@code from} and
   * {@code to}: true unless the zone's offset there is not a whole number of hours (e.g. +05:30).
   */
  static boolean hoursAlign(ZoneId zone, Instant from, Instant to) {
    ZoneRules rules = zone.getRules();
    if (rules.getOffset(from).getTotalSeconds() % 3600 != 0) {
      return false;
    }
    ZoneOffsetTransition next = rules.nextTransition(from);
    while (next != null && next.getInstant().isBefore(to)) {
      if (next.getOffsetAfter().getTotalSeconds() % 3600 != 0) {
        return false;
      }
      next = rules.nextTransition(next.getInstant());
    }
    return true;
  }

  /** Whether {@code zone} has offset zero throughout [{@code from}, {@code to}]. */
  static boolean isUtc(ZoneId zone, Instant from, Instant to) {
    ZoneRules rules = zone.getRules();
    if (rules.getOffset(from).getTotalSeconds() != 0) {
      return false;
    }
    ZoneOffsetTransition next = rules.nextTransition(from);
    return next == null || !next.getInstant().isBefore(to);
  }

  /** The label of the bucket of {@code dimension} (hour, day or month) holding {@code start}. */
  static String label(CostDimension.Field dimension, long startMillis, ZoneId zone) {
    ZonedDateTime local = Instant.ofEpochMilli(startMillis).atZone(zone);
    return switch (dimension) {
      case HOUR -> local.truncatedTo(ChronoUnit.HOURS).toOffsetDateTime().toString();
      case DAY -> local.toLocalDate().toString();
      case MONTH -> YearMonth.from(local).toString();
      default -> throw new IllegalArgumentException(dimension + " is not a time bucket");
    };
  }
}
