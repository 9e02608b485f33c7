package dev.strata.store;

import static dev.strata.store.RollupColumn.APP;
import static dev.strata.store.RollupColumn.CACHE_STATUS;
import static dev.strata.store.RollupColumn.KEY_ID;
import static dev.strata.store.RollupColumn.OPERATION;
import static dev.strata.store.RollupColumn.PROVIDER;
import static dev.strata.store.RollupColumn.REQUESTED_MODEL;
import static dev.strata.store.RollupColumn.SERVED_MODEL;
import static dev.strata.store.RollupColumn.STATUS;
import static dev.strata.store.RollupColumn.TEAM;
import static dev.strata.store.RollupColumn.TENANT;
import static dev.strata.store.RollupColumn.TIER;
import static dev.strata.store.RollupColumn.WIRE_FORMAT;

import dev.strata.core.ledger.CostDimension;
import dev.strata.core.ledger.CostExplorerQuery;
import java.util.Arrays;
import java.util.List;

/**
 * The rollup tables, all maintained by the ledger writer in the records' own transaction: sums per
 * UTC hour and per UTC day, in three widths. The full rollups group by every attribution and model
 * column; the model rollups leave out who spent (key, tenant, team, app); the key rollups keep who
 * spent and on which requested model, and leave out the rest. A deployment's traffic spreads over
 * many keys, models and tiers, so each narrow rollup holds several times fewer rows than the full
 * one, and a report reads the narrowest that holds every dimension it groups or filters by.
 */
enum RollupTable {
  // Narrowest first, per bucket: the order in which a report looks for a table that can answer it.
  MODEL_HOURLY("usage_model_rollups_hourly", Bucket.HOUR, Width.MODEL),
  KEY_HOURLY("usage_key_rollups_hourly", Bucket.HOUR, Width.KEY),
  HOURLY("usage_rollups_hourly", Bucket.HOUR, Width.FULL),
  MODEL_DAILY("usage_model_rollups_daily", Bucket.DAY, Width.MODEL),
  KEY_DAILY("usage_key_rollups_daily", Bucket.DAY, Width.KEY),
  DAILY("usage_rollups_daily", Bucket.DAY, Width.FULL);

  private static final NamedSql SQL = NamedSql.load("ledger.sql");

  private final String table;
  private final Bucket bucket;
  private final List<RollupColumn> columns;

  RollupTable(String table, Bucket bucket, Width width) {
    this.table = table;
    this.bucket = bucket;
    this.columns = width.columns;
  }

  /** The narrowest hourly rollup that can answer {@code query}, which must use no tags. */
  static RollupTable hourly(CostExplorerQuery query) {
    return narrowest(query, Bucket.HOUR);
  }

  /** The narrowest daily rollup that can answer {@code query}, which must use no tags. */
  static RollupTable daily(CostExplorerQuery query) {
    return narrowest(query, Bucket.DAY);
  }

  private static RollupTable narrowest(CostExplorerQuery query, Bucket bucket) {
    return Arrays.stream(values())
        .filter(table -> table.bucket == bucket && query.dimensions().allMatch(table::holds))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no rollup can answer " + query));
  }

  String table() {
    return table;
  }

  long bucketMillis() {
    return bucket.millis;
  }

  /** Whether this table can group or filter by {@code dimension}: time always, tags never. */
  boolean holds(CostDimension dimension) {
    return switch (dimension) {
      case CostDimension.Tag tag -> false;
      case CostDimension.Field field ->
          field.isTime() || columns.stream().anyMatch(column -> column.dimension() == field);
    };
  }

  /** The columns a row is grouped by after {@code bucket_start}, in order. */
  List<RollupColumn> columns() {
    return columns;
  }

  /** The start of the bucket holding {@code epochMillis}. */
  long bucketStart(long epochMillis) {
    return Math.floorDiv(epochMillis, bucket.millis) * bucket.millis;
  }

  /** The upsert that adds one group's sums to its row: bucket, columns, then the 9 measures. */
  String upsertSql() {
    String dimensions = String.join(", ", columns.stream().map(RollupColumn::column).toList());
    return SQL.get("rollup_upsert")
        .replace("{table}", table)
        .replace("{dimensions}", dimensions)
        .replace("{dimension_values}", "?, ".repeat(columns.size()));
  }

  /** Which columns a family of rollups groups by. */
  private enum Width {
    /** What was spent on: everything but who spent it. */
    MODEL(
        REQUESTED_MODEL,
        SERVED_MODEL,
        PROVIDER,
        TIER,
        WIRE_FORMAT,
        OPERATION,
        STATUS,
        CACHE_STATUS),
    /** Who spent, on which requested model. */
    KEY(KEY_ID, TENANT, TEAM, APP, REQUESTED_MODEL),
    FULL(RollupColumn.values());

    final List<RollupColumn> columns;

    Width(RollupColumn... columns) {
      this.columns = List.of(columns);
    }
  }

  private enum Bucket {
    HOUR(3_600_000L),
    DAY(86_400_000L);

    final long millis;

    Bucket(long millis) {
      this.millis = millis;
    }
  }
}
