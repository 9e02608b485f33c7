package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.ledger.CostGrouping;
import java.util.List;
import org.junit.jupiter.api.Test;

class NamedSqlTest {
  @Test
  void parse_splitsByName_andDropsComments() {
    NamedSql sql =
        NamedSql.parse(
            "test.sql",
            """
            -- a file comment
            -- name: one
            SELECT 1
            -- explains the next line
            FROM t

            -- name: two
            DELETE FROM t
            """);

    assertThat(sql.get("one")).isEqualTo("SELECT 1\nFROM t");
    assertThat(sql.get("two")).isEqualTo("DELETE FROM t");
    assertThatThrownBy(() -> sql.get("three"))
        .hasMessageContaining("test.sql has no statement named 'three'");
  }

  @Test
  void parse_refusesRepeatedOrEmptyStatements() {
    assertThatThrownBy(() -> NamedSql.parse("x.sql", "-- name: a\nSELECT 1\n-- name: a\nSELECT 2"))
        .hasMessageContaining("'a' is empty or repeated");
    assertThatThrownBy(() -> NamedSql.parse("x.sql", "SELECT 1\n-- name: a\nSELECT 2"))
        .hasMessageContaining("before the first");
  }

  @Test
  void migrationScripts_splitAtLineEndingSemicolons() {
    assertThat(
            SqlScript.statements(
                "-- comment\nCREATE TABLE a (\n  x INTEGER\n);\n\nCREATE INDEX i ON a (x);\n"))
        .containsExactly("CREATE TABLE a (\n  x INTEGER\n)", "CREATE INDEX i ON a (x)");
  }

  @Test
  void costReport_groupsOrdersAndAliasesEachGrouping() {
    String sql = CostReportSql.query(List.of(CostGrouping.DAY, CostGrouping.KEY));

    assertThat(sql)
        .contains("started_at / 86400000 AS g0")
        .contains("key_id AS g1")
        .contains("GROUP BY started_at / 86400000, key_id")
        .contains("ORDER BY total_cost_pico DESC, g0, g1")
        .doesNotContain("{");
    assertThat(CostReportSql.query(List.of())).doesNotContain("GROUP BY").doesNotContain("{");
  }
}
