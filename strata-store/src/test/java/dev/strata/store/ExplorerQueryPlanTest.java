package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.ledger.CostDimension;
import dev.strata.core.ledger.CostDimension.Field;
import dev.strata.core.ledger.CostExplorerQuery;
import dev.strata.core.ledger.CostFilter;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which rollup answers each of the dashboard's reports, and that SQLite reads it from its covering
 * index alone, in bucket order: a column the explorer sums but the index lacks sends each of the
 * tens of thousands of rows a month spans back to the table. Each report reads the narrowest
 * rollup that holds its dimensions.
 */
class ExplorerQueryPlanTest {
  private static final Instant FROM = Instant.parse("2026-10-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2026-11-01T00:00:00Z");

  @TempDir Path dir;

  @Test
  void reportsThatDoNotAskWhoSpent_readTheModelRollupsCoveringIndex() {
    List<CostExplorerQuery> queries =
        List.of(
            query(List.of(Field.DAY, Field.MODEL)),
            query(List.of(Field.DAY, Field.MODEL, Field.SERVED_MODEL, Field.TIER, Field.CACHE)),
            query(List.of(Field.DAY)),
            query(List.of(Field.DAY), new CostFilter(Field.MODEL, Set.of("gpt-4o"))),
            query(List.of()));
    assertPlans(queries, RollupTable::hourly, RollupTable.MODEL_HOURLY);
    assertPlans(queries, RollupTable::daily, RollupTable.MODEL_DAILY);
  }

  @Test
  void reportsOfWhoSpentOnWhichModel_readTheKeyRollupsCoveringIndex() {
    List<CostExplorerQuery> queries =
        List.of(
            query(List.of(Field.KEY, Field.TEAM, Field.MODEL)),
            query(List.of(Field.TENANT)),
            query(List.of(Field.APP, Field.DAY)),
            query(List.of(Field.DAY), new CostFilter(Field.TEAM, Set.of("team3"))),
            query(List.of(Field.DAY), new CostFilter(Field.KEY, Set.of("key_7"))));
    assertPlans(queries, RollupTable::hourly, RollupTable.KEY_HOURLY);
    assertPlans(queries, RollupTable::daily, RollupTable.KEY_DAILY);
  }

  @Test
  void reportsOfWhoSpentByModelDetail_readTheFullRollupsCoveringIndex() {
    List<CostExplorerQuery> queries =
        List.of(
            query(List.of(Field.KEY, Field.TIER)),
            query(List.of(Field.TEAM, Field.CACHE)),
            query(List.of(Field.DAY, Field.SERVED_MODEL), new CostFilter(Field.KEY, Set.of("key_7"))),
            query(List.of(Field.KEY), new CostFilter(Field.STATUS, Set.of("200"))));
    assertPlans(queries, RollupTable::hourly, RollupTable.HOURLY);
    assertPlans(queries, RollupTable::daily, RollupTable.DAILY);
  }

  @Test
  void aNarrowRollup_refusesADimensionItLacks() {
    assertThatThrownBy(
            () -> ExplorerSql.overRollups(query(List.of(Field.KEY)), RollupTable.MODEL_DAILY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("usage_model_rollups_daily has no key");
    assertThatThrownBy(
            () -> ExplorerSql.overRollups(query(List.of(Field.TIER)), RollupTable.KEY_HOURLY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("usage_key_rollups_hourly has no tier");
    assertThatThrownBy(
            () ->
                ExplorerSql.overRollups(
                    query(List.of(new CostDimension.Tag("env"))), RollupTable.DAILY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("usage_rollups_daily has no tag:env");
  }

  private void assertPlans(
      List<CostExplorerQuery> queries,
      Function<CostExplorerQuery, RollupTable> choice,
      RollupTable expected) {
    try (Database database = Database.open("jdbc:sqlite:" + dir.resolve("strata.db"))) {
      for (CostExplorerQuery query : queries) {
        RollupTable table = choice.apply(query);
        assertThat(table).as("the rollup for %s", query).isEqualTo(expected);

        assertThat(plan(database, ExplorerSql.overRollups(query, table)))
            .as("the plan for %s", query)
            .anyMatch(step -> step.contains("USING COVERING INDEX " + table.table() + "_covering"));
      }
    }
  }

  private static CostExplorerQuery query(List<CostDimension> groupBy, CostFilter... filters) {
    return new CostExplorerQuery(FROM, TO, groupBy, List.of(filters), ZoneOffset.UTC);
  }

  private static List<String> plan(Database database, ExplorerSql sql) {
    return database.read(
        "explaining an explorer query",
        connection -> {
          List<String> steps = new ArrayList<>();
          try (PreparedStatement explain =
              connection.prepareStatement("EXPLAIN QUERY PLAN " + sql.sql())) {
            int p = 0;
            explain.setLong(++p, FROM.toEpochMilli());
            explain.setLong(++p, TO.toEpochMilli());
            for (String value : sql.parameters()) {
              explain.setString(++p, value);
            }
            try (ResultSet row = explain.executeQuery()) {
              while (row.next()) {
                steps.add(row.getString("detail"));
              }
            }
          }
          return steps;
        });
  }
}
