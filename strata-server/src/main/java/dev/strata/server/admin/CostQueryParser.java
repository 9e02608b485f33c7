package dev.strata.server.admin;

import dev.strata.core.error.StrataException;
import dev.strata.core.ledger.CostGrouping;
import dev.strata.core.ledger.CostQuery;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a cost report's query parameters: {@code since} and {@code until} as ISO instants, dates
 * (midnight UTC) or ages such as {@code 7d}, {@code 24h}, {@code 30m}; {@code by} as a comma list
 * of model, key, provider, team, day. {@code since} defaults to 30 days ago, {@code until} to now.
 */
public final class CostQueryParser {
  static final Duration DEFAULT_PERIOD = Duration.ofDays(30);
  private static final Pattern AGE = Pattern.compile("(\\d{1,6})([dhm])");

  private CostQueryParser() {}

  public static CostQuery parse(String since, String until, String by, Instant now) {
    Instant to = until == null || until.isBlank() ? now : instant("until", until, now);
    Instant from =
        since == null || since.isBlank() ? to.minus(DEFAULT_PERIOD) : instant("since", since, now);
    if (!from.isBefore(to)) {
      throw StrataException.invalid(
          "since", "'since' (" + from + ") must be before 'until' (" + to + ").");
    }
    return new CostQuery(from, to, groupings(by));
  }

  private static Instant instant(String param, String value, Instant now) {
    String text = value.strip();
    Matcher age = AGE.matcher(text);
    if (age.matches()) {
      long amount = Long.parseLong(age.group(1));
      Duration period =
          switch (age.group(2)) {
            case "d" -> Duration.ofDays(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofMinutes(amount);
          };
      return now.minus(period);
    }
    try {
      return text.length() == 10
          ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
          : Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw StrataException.invalid(
          param,
          "'"
              + param
              + "' must be an ISO instant (2025-01-31T00:00:00Z), a date (2025-01-31) or"
              + " an age such as 7d, 24h or 30m; got '"
              + value
              + "'.");
    }
  }

  private static List<CostGrouping> groupings(String by) {
    List<CostGrouping> groupings = new ArrayList<>();
    if (by == null || by.isBlank()) {
      return groupings;
    }
    for (String part : by.split(",")) {
      String name = part.strip().toUpperCase(Locale.ROOT);
      CostGrouping grouping;
      try {
        grouping = CostGrouping.valueOf(name);
      } catch (IllegalArgumentException e) {
        throw StrataException.invalid(
            "by",
            "Unknown grouping '" + part.strip() + "'; use model, key, provider, team or day.");
      }
      if (groupings.contains(grouping)) {
        throw StrataException.invalid("by", "'by' names " + grouping.wireName() + " twice.");
      }
      groupings.add(grouping);
    }
    return groupings;
  }
}
