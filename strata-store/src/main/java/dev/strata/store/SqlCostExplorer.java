package dev.strata.store;

import static java.util.Objects.requireNonNull;

import dev.strata.core.ledger.CostDimension;
import dev.strata.core.ledger.CostExplorerQuery;
import dev.strata.core.ledger.CostFilter;
import dev.strata.core.ledger.CostReport;
import dev.strata.core.ledger.CostRow;
import dev.strata.core.money.Money;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers explorer queries. A query that uses no tags (and, if it has time buckets, is in a zone
 * whose offsets are whole hours) is answered from the daily rollups for the whole UTC days of its
 * period (unless it groups by hour, or by day or month in a zone other than UTC), the hourly
 * rollups for the remaining whole hours (or a day's rollup minus its other hours, when that reads
 * fewer rows), and raw records for the partial hours at either edge — the rollups of the narrowest
 * family (model, key, full) that holds every dimension it groups and filters by; any other query
 * from raw records.
 * Every path sums the same integers in one read snapshot, so all agree to the pico-dollar.
 */
final class SqlCostExplorer {
  private static final long HOUR = RollupTable.HOURLY.bucketMillis();
  private static final long DAY = RollupTable.DAILY.bucketMillis();

  private final Database database;

  SqlCostExplorer(Database database) {
    this.database = requireNonNull(database, "database");
  }

  CostReport explore(CostExplorerQuery query) {
    long from = query.from().toEpochMilli();
    long to = query.to().toEpochMilli();
    boolean hoursAlign = TimeBuckets.hoursAlign(query.zone(), query.from(), query.to());
    long firstHour = Math.ceilDiv(from, HOUR) * HOUR;
    long lastHour = Math.floorDiv(to, HOUR) * HOUR;
    boolean timeBuckets = query.groupBy().stream().anyMatch(CostDimension::isTime);
    boolean rollups = !query.usesTags() && (hoursAlign || !timeBuckets) && firstHour < lastHour;
    List<Segment> segments = new ArrayList<>();
    CostReport.Source source;
    if (rollups) {
      ExplorerSql records = ExplorerSql.overRecords(query, HOUR);
      ExplorerSql hourly = ExplorerSql.overRollups(query, RollupTable.hourly(query));
      long firstDay = Math.ceilDiv(firstHour, DAY) * DAY;
      long lastDay = Math.floorDiv(lastHour, DAY) * DAY;
      if (usesDays(query) && firstDay < lastDay) {
        ExplorerSql daily = ExplorerSql.overRollups(query, RollupTable.daily(query));
        segments.add(new Segment(daily, firstDay, lastDay, 1));
        // A partial day is its hours, or its whole day minus the other hours: whichever reads fewer.
        if (firstHour - (firstDay - DAY) < firstDay - firstHour) {
          segments.add(new Segment(daily, firstDay - DAY, firstDay, 1));
          segments.add(new Segment(hourly, firstDay - DAY, firstHour, -1));
        } else {
          segments.add(new Segment(hourly, firstHour, firstDay, 1));
        }
        if (lastDay + DAY - lastHour < lastHour - lastDay) {
          segments.add(new Segment(daily, lastDay, lastDay + DAY, 1));
          segments.add(new Segment(hourly, lastHour, lastDay + DAY, -1));
        } else {
          segments.add(new Segment(hourly, lastDay, lastHour, 1));
        }
      } else {
        segments.add(new Segment(hourly, firstHour, lastHour, 1));
      }
      segments.add(new Segment(records, from, firstHour, 1));
      segments.add(new Segment(records, lastHour, to, 1));
      source =
          from < firstHour || lastHour < to
              ? CostReport.Source.ROLLUPS_AND_RECORDS
              : CostReport.Source.ROLLUPS;
    } else {
      long unit = hoursAlign ? HOUR : TimeBuckets.MINUTE_MILLIS;
      segments.add(new Segment(ExplorerSql.overRecords(query, unit), from, to, 1));
      source = CostReport.Source.RECORDS;
    }
    Map<List<String>, long[]> groups = sum(query, segments, source == CostReport.Source.RECORDS);
    List<CostRow> rows = new ArrayList<>(groups.size());
    groups.forEach(
        (group, s) -> {
          if (s[0] > 0) {
            rows.add(
                new CostRow(
                    group, s[0], s[1], s[2], s[3], s[4], Money.ofPico(s[5]), s[6], Money.ofPico(s[7])));
          }
        });
    rows.sort(
        Comparator.comparing(CostRow::cost)
            .reversed()
            .thenComparing(row -> String.join("\u0000", row.group())));
    return new CostReport(query, rows, source);
  }

  /** Whether UTC days can answer: no hour buckets, and day or month buckets only in UTC. */
  private static boolean usesDays(CostExplorerQuery query) {
    boolean hours = query.groupBy().contains(CostDimension.Field.HOUR);
    boolean localBuckets =
        query.groupBy().stream().anyMatch(CostDimension::isTime)
            && !TimeBuckets.isUtc(query.zone(), query.from(), query.to());
    return !hours && !localBuckets;
  }

  /**
   * Runs the non-empty segments on one reader connection inside one read transaction, so that they
   * see the same snapshot (a segment that is subtracted must see the same records as the one it is
   * subtracted from), and merges their signed sums per group. A query over raw records only may
   * scan millions of them: it runs as a {@linkplain Database#scan scan}.
   */
  private Map<List<String>, long[]> sum(
      CostExplorerQuery query, List<Segment> segments, boolean rawRecords) {
    List<Segment> work = segments.stream().filter(Segment::isNotEmpty).toList();
    Map<List<String>, long[]> groups = new LinkedHashMap<>();
    SqlWork<Void> reading =
        connection -> {
          if (work.size() == 1) {
            collect(connection, query, work.get(0), groups);
            return null;
          }
          int isolation = connection.getTransactionIsolation();
          boolean postgres = database.dialect() == Dialect.POSTGRESQL;
          if (postgres) {
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
          }
          connection.setAutoCommit(false);
          try {
            for (Segment segment : work) {
              collect(connection, query, segment, groups);
            }
          } finally {
            connection.rollback(); // nothing was written: end the snapshot
            connection.setAutoCommit(true);
            if (postgres) {
              connection.setTransactionIsolation(isolation);
            }
          }
          return null;
        };
    if (rawRecords) {
      database.scan("exploring costs over raw records", reading);
    } else {
      database.read("exploring costs", reading);
    }
    return groups;
  }

  /** One query over one table and period, added ({@code sign} 1) or subtracted (-1). */
  private record Segment(ExplorerSql sql, long from, long to, int sign) {
    boolean isNotEmpty() {
      return from < to;
    }
  }

  private static void collect(
      Connection connection,
      CostExplorerQuery query,
      Segment segment,
      Map<List<String>, long[]> groups)
      throws SQLException {
    ExplorerSql sql = segment.sql();
    long sign = segment.sign();
    Map<String, Map<String, String>> parsedTags = new HashMap<>();
    try (PreparedStatement select = connection.prepareStatement(sql.sql())) {
      int p = 0;
      select.setLong(++p, segment.from());
      select.setLong(++p, segment.to());
      for (String value : sql.parameters()) {
        select.setString(++p, value);
      }
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          Map<String, String> tags =
              sql.tagsSlot() < 0
                  ? Map.of()
                  : parsedTags.computeIfAbsent(
                      row.getString("g" + sql.tagsSlot()), TagsJson::read);
          if (!passesTagFilters(query, tags)) {
            continue;
          }
          List<String> group = new ArrayList<>(query.groupBy().size());
          for (CostDimension dimension : query.groupBy()) {
            group.add(value(row, sql, dimension, tags, query));
          }
          long[] sums = groups.computeIfAbsent(List.copyOf(group), g -> new long[8]);
          sums[0] += sign * row.getLong("requests");
          sums[1] += sign * row.getLong("input_tokens");
          sums[2] += sign * row.getLong("output_tokens");
          sums[3] += sign * row.getLong("cache_read_tokens");
          sums[4] += sign * row.getLong("cache_write_tokens");
          sums[5] = Math.addExact(sums[5], sign * row.getLong("cost_pico"));
          sums[6] += sign * row.getLong("estimated_requests");
          sums[7] = Math.addExact(sums[7], sign * row.getLong("saved_pico"));
        }
      }
    }
  }

  private static boolean passesTagFilters(CostExplorerQuery query, Map<String, String> tags) {
    for (CostFilter filter : query.filters()) {
      if (filter.dimension() instanceof CostDimension.Tag tag
          && !filter.values().contains(tags.getOrDefault(tag.name(), ""))) {
        return false;
      }
    }
    return true;
  }

  private static String value(
      ResultSet row,
      ExplorerSql sql,
      CostDimension dimension,
      Map<String, String> tags,
      CostExplorerQuery query)
      throws SQLException {
    return switch (dimension) {
      case CostDimension.Tag tag -> tags.getOrDefault(tag.name(), "");
      case CostDimension.Field field -> {
        String column = "g" + sql.slots().indexOf(field);
        yield field.isTime()
            ? TimeBuckets.label(field, row.getLong(column), query.zone())
            : row.getString(column);
      }
    };
  }
}
