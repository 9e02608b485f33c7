package dev.strata.store;

import dev.strata.core.ledger.CostDimension;
import dev.strata.core.ledger.CostExplorerQuery;
import dev.strata.core.ledger.CostFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * The SQL of one explorer segment, over raw records or over hourly rollups: a column {@code g<i>}
 * per grouping slot, {@code IN} filters for column filters, and the sums. Tag groupings and filters
 * cannot be expressed portably in SQL, so records are grouped by their {@code tags_json} instead
 * and the tag is read in Java ({@link #tagsSlot}).
 *
 * @param sql the statement; its first two parameters are the period, then {@link #parameters}
 * @param slots what each {@code g<i>} column holds
 * @param tagsSlot the index of the {@code tags_json} column, or -1
 */
record ExplorerSql(String sql, List<String> parameters, List<CostDimension> slots, int tagsSlot) {
  private static final NamedSql SQL = NamedSql.load("ledger.sql");
  static final CostDimension TAGS = new CostDimension.Tag("*");

  /** Over {@code usage_records}, time bucketed to {@code timeUnitMillis}. */
  static ExplorerSql overRecords(CostExplorerQuery query, long timeUnitMillis) {
    return build(query, false, timeUnitMillis);
  }

  /** Over a rollup table; the query must use only dimensions the table holds (never tags). */
  static ExplorerSql overRollups(CostExplorerQuery query, RollupTable table) {
    query
        .dimensions()
        .filter(dimension -> !table.holds(dimension))
        .findFirst()
        .ifPresent(
            missing -> {
              throw new IllegalArgumentException(table.table() + " has no " + missing.wireName());
            });
    return build(query, true, table.bucketMillis())
        .withSql(table);
  }

  private ExplorerSql withSql(RollupTable table) {
    return new ExplorerSql(sql.replace("{table}", table.table()), parameters, slots, tagsSlot);
  }

  private static ExplorerSql build(CostExplorerQuery query, boolean rollups, long unit) {
    List<CostDimension> slots = new ArrayList<>();
    int tagsSlot = -1;
    for (CostDimension dimension : query.groupBy()) {
      if (dimension instanceof CostDimension.Tag) {
        if (tagsSlot < 0) {
          tagsSlot = slots.size();
          slots.add(TAGS);
        }
      } else {
        slots.add(dimension);
      }
    }
    if (tagsSlot < 0 && query.usesTags()) {
      tagsSlot = slots.size();
      slots.add(TAGS);
    }
    StringBuilder select = new StringBuilder();
    StringJoiner groupBy = new StringJoiner(", ", "GROUP BY ", "");
    for (int i = 0; i < slots.size(); i++) {
      String expression = expression(slots.get(i), rollups, unit);
      select.append(expression).append(" AS g").append(i).append(",\n  ");
      groupBy.add(expression);
    }
    StringBuilder where = new StringBuilder();
    List<String> parameters = new ArrayList<>();
    for (CostFilter filter : query.filters()) {
      if (filter.dimension() instanceof CostDimension.Tag) {
        continue; // applied in Java on the tags_json slot
      }
      StringJoiner in = new StringJoiner(", ", " IN (", ")");
      filter.values().forEach(value -> in.add("?"));
      where.append("\n  AND ").append(expression(filter.dimension(), rollups, unit)).append(in);
      parameters.addAll(filter.values());
    }
    String sql =
        SQL.get(rollups ? "explore_rollups" : "explore_records")
            .replace("{select}", select)
            .replace("{where}", where)
            .replace("{group_by}", slots.isEmpty() ? "" : groupBy.toString());
    return new ExplorerSql(sql, parameters, slots, tagsSlot);
  }

  private static String expression(CostDimension dimension, boolean rollups, long unit) {
    return switch (dimension) {
      case CostDimension.Tag tag -> "tags_json";
      case CostDimension.Field field ->
          switch (field) {
            case HOUR, DAY, MONTH ->
                rollups ? "bucket_start" : "(started_at / " + unit + ") * " + unit;
            case MODEL -> "requested_model";
            case SERVED_MODEL -> "served_model";
            case PROVIDER -> "provider";
            case KEY -> "key_id";
            case TENANT -> "tenant";
            case TEAM -> "team";
            case APP -> "app";
            case TIER -> "tier";
            case CACHE -> rollups ? "cache_status" : SQL.get("record_cache_status");
            case WIRE_FORMAT -> "wire_format";
            case OPERATION -> "operation";
            case STATUS -> "status";
          };
    };
  }
}
