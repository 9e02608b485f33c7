package dev.strata.server.admin;

import dev.strata.core.error.StrataException;
import dev.strata.core.ledger.CostDimension;
import dev.strata.core.ledger.CostExplorerQuery;
import dev.strata.core.ledger.CostFilter;
import dev.strata.core.ledger.CostGrouping;
import dev.strata.core.ledger.CostQuery;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a cost report's query parameters: {@code since} and {@code until} as ISO instants, dates
 * (midnight UTC, or in {@code tz}) or ages such as {@code 7d}, {@code 24h}, {@code 30m}; {@code by}
 * as a comma list of dimensions; filters as {@code <dimension>=v1,v2} and {@code tag=name:value}.
 * {@code since} defaults to 30 days ago, {@code until} to now.
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

  /**
   * The explorer query of {@code params} (each parameter's values in order): {@code since}, {@code
   * until}, {@code by}, {@code tz}, and a filter per dimension name; an unknown parameter is an
   * error naming it.
   */
  public static CostExplorerQuery parseExplorer(Map<String, List<String>> params, Instant now) {
    ZoneId zone = zone(single(params, "tz"));
    String until = single(params, "until");
    String since = single(params, "since");
    Instant to = until == null || until.isBlank() ? now : instant("until", until, now, zone);
    Instant from =
        since == null || since.isBlank()
            ? to.minus(DEFAULT_PERIOD)
            : instant("since", since, now, zone);
    if (!from.isBefore(to)) {
      throw StrataException.invalid(
          "since", "'since' (" + from + ") must be before 'until' (" + to + ").");
    }
    List<CostDimension> groupBy = dimensions(single(params, "by"));
    Map<CostDimension, Set<String>> filters = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> param : params.entrySet()) {
      String name = param.getKey();
      if (PERIOD_PARAMS.contains(name)) {
        continue;
      }
      for (String value : param.getValue()) {
        if (name.equals("tag")) {
          int colon = value.indexOf(':');
          if (colon < 1) {
            throw StrataException.invalid(
                "tag", "'tag' filters are name:value, e.g. tag=env:prod; got '" + value + "'.");
          }
          filters
              .computeIfAbsent(new CostDimension.Tag(value.substring(0, colon)), d -> new LinkedHashSet<>())
              .add(value.substring(colon + 1));
          continue;
        }
        CostDimension dimension = filterDimension(name);
        filters
            .computeIfAbsent(dimension, d -> new LinkedHashSet<>())
            .addAll(Arrays.asList(value.split(",", -1)));
      }
    }
    List<CostFilter> filterList = new ArrayList<>();
    filters.forEach((dimension, values) -> filterList.add(new CostFilter(dimension, values)));
    return new CostExplorerQuery(from, to, groupBy, filterList, zone);
  }

  /** The period of {@code since}/{@code until} alone, for the savings view and exports. */
  public static CostQuery parsePeriod(String since, String until, Instant now) {
    return parse(since, until, null, now);
  }

  private static final Set<String> PERIOD_PARAMS = Set.of("since", "until", "by", "tz");

  private static CostDimension filterDimension(String name) {
    CostDimension dimension;
    try {
      dimension = CostDimension.parse(name);
    } catch (IllegalArgumentException e) {
      throw StrataException.invalid(
          name,
          "Unknown parameter '"
              + name
              + "'; use since, until, by, tz or a filter: "
              + FILTER_NAMES
              + ", tag=name:value.");
    }
    if (dimension.isTime() || dimension instanceof CostDimension.Tag) {
      throw StrataException.invalid(
          name, "'" + name + "' cannot filter; limit time with since and until.");
    }
    return dimension;
  }

  private static final String FILTER_NAMES =
      String.join(
          ", ",
          Arrays.stream(CostDimension.Field.values())
              .filter(f -> !f.isTime())
              .map(CostDimension.Field::wireName)
              .toList());

  private static List<CostDimension> dimensions(String by) {
    List<CostDimension> dimensions = new ArrayList<>();
    if (by == null || by.isBlank()) {
      return dimensions;
    }
    for (String part : by.split(",")) {
      CostDimension dimension;
      try {
        dimension = CostDimension.parse(part);
      } catch (IllegalArgumentException e) {
        throw StrataException.invalid(
            "by",
            "Unknown grouping '"
                + part.strip()
                + "'; use hour, day, month, "
                + FILTER_NAMES
                + " or tag:<name>.");
      }
      if (dimensions.contains(dimension)) {
        throw StrataException.invalid("by", "'by' names " + dimension.wireName() + " twice.");
      }
      if (dimension.isTime() && dimensions.stream().anyMatch(CostDimension::isTime)) {
        throw StrataException.invalid("by", "'by' can name only one of hour, day and month.");
      }
      dimensions.add(dimension);
    }
    return dimensions;
  }

  private static ZoneId zone(String tz) {
    if (tz == null || tz.isBlank()) {
      return ZoneOffset.UTC;
    }
    try {
      return ZoneId.of(tz.strip());
    } catch (DateTimeException e) {
      throw StrataException.invalid(
          "tz", "'tz' must be a time zone such as Europe/Paris or +02:00; got '" + tz + "'.");
    }
  }

  private static String single(Map<String, List<String>> params, String name) {
    List<String> values = params.getOrDefault(name, List.of());
    if (values.size() > 1) {
      throw StrataException.invalid(name, "'" + name + "' is given more than once.");
    }
    return values.isEmpty() ? null : values.get(0);
  }

  private static Instant instant(String param, String value, Instant now) {
    return instant(param, value, now, ZoneOffset.UTC);
  }

  private static Instant instant(String param, String value, Instant now, ZoneId zone) {
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
          ? LocalDate.parse(text).atStartOfDay(zone).toInstant()
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
