package dev.strata.store;

import dev.strata.core.ledger.CostGrouping;
import java.util.List;
import java.util.StringJoiner;

/**
 * Builds the cost report query of {@code ledger.sql} for a list of groupings: each grouping's
 * expression becomes an output column {@code g0, g1, …}, grouped and, after cost, ordered by.
 */
final class CostReportSql {
  private static final NamedSql SQL = NamedSql.load("ledger.sql");

  private CostReportSql() {}

  static String query(List<CostGrouping> groupings) {
    if (groupings.isEmpty()) {
      return fill("", "", "");
    }
    StringBuilder select = new StringBuilder();
    StringJoiner groupBy = new StringJoiner(", ", "GROUP BY ", "");
    StringBuilder orderBy = new StringBuilder();
    for (int i = 0; i < groupings.size(); i++) {
      String expression = expression(groupings.get(i));
      select.append(expression).append(" AS g").append(i).append(",\n  ");
      groupBy.add(expression);
      orderBy.append(", g").append(i);
    }
    return fill(select.toString(), groupBy.toString(), orderBy.toString());
  }

  private static String fill(String select, String groupBy, String orderBy) {
    return SQL.get("costs")
        .replace("{select}", select)
        .replace("{group_by}", groupBy)
        .replace("{order_by}", orderBy);
  }

  private static String expression(CostGrouping grouping) {
    return SQL.get(
        switch (grouping) {
          case MODEL -> "group_model";
          case KEY -> "group_key";
          case PROVIDER -> "group_provider";
          case TEAM -> "group_team";
          case DAY -> "group_day";
        });
  }
}
