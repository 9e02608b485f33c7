package dev.strata.core.budget;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/** How often a budget starts afresh, at midnight in the deployment's budget time zone. */
public enum BudgetPeriod {
  DAILY,
  /** ISO weeks, starting on Monday. */
  WEEKLY,
  MONTHLY,
  /** Never: the limit is for all time. */
  TOTAL;

  /** The end of a total budget's only period. */
  public static final Instant END_OF_TIME = Instant.parse("9999-12-31T00:00:00Z");

  /** The start of the period that contains {@code now}. */
  public Instant start(Instant now, ZoneId zone) {
    LocalDate today = LocalDate.ofInstant(now, zone);
    LocalDate first =
        switch (this) {
          case DAILY -> today;
          case WEEKLY -> today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
          case MONTHLY -> today.withDayOfMonth(1);
          case TOTAL -> null;
        };
    return first == null ? Instant.EPOCH : first.atStartOfDay(zone).toInstant();
  }

  /** The end (exclusive) of the period that starts at {@code start}. */
  public Instant end(Instant start, ZoneId zone) {
    LocalDate first = LocalDate.ofInstant(start, zone);
    LocalDate next =
        switch (this) {
          case DAILY -> first.plusDays(1);
          case WEEKLY -> first.plusWeeks(1);
          case MONTHLY -> first.plusMonths(1);
          case TOTAL -> null;
        };
    return next == null ? END_OF_TIME : next.atStartOfDay(zone).toInstant();
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Reads {@code daily}, {@code weekly}, {@code monthly} or {@code total}. */
  public static BudgetPeriod parse(String text) {
    for (BudgetPeriod period : values()) {
      if (period.wireName().equalsIgnoreCase(text.strip())) {
        return period;
      }
    }
    throw dev.strata.core.error.StrataException.invalid(
        "period", "A budget period is daily, weekly, monthly or total; got '" + text + "'.");
  }
}
