package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.ledger.CostDimension;
import dev.strata.core.ledger.CostDimension.Field;
import dev.strata.core.ledger.CostExplorerQuery;
import dev.strata.core.ledger.CostFilter;
import dev.strata.core.ledger.CostReport;
import dev.strata.core.ledger.ExportFormat;
import dev.strata.core.ledger.ExportWriter;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.money.Money;
import java.math.BigDecimal;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On the same seeded ledger, the explorer's rollup, mixed and raw paths, the exports and the raw
 * records agree to the pico-dollar. Run against SQLite and, when configured, PostgreSQL.
 */
abstract class LedgerAgreementContract {
  static final int RECORDS = 3_000;
  static final Instant START = SeededLedger.START;
  static final Instant END = START.plus(Duration.ofDays(SeededLedger.DAYS));

  Database database;
  SqlLedgerReader reader;
  List<UsageRecord> records;

  abstract Database openDatabase() throws Exception;

  @BeforeEach
  void seed() throws Exception {
    database = openDatabase();
    reader = new SqlLedgerReader(database);
    records = SeededLedger.records(RECORDS, 7);
    append(records);
  }

  @AfterEach
  void closeDatabase() {
    database.close();
  }

  void append(List<UsageRecord> batch) {
    try (SqlLedger ledger = new SqlLedger(database)) {
      batch.forEach(ledger::append);
    }
  }

  @Test
  void wholeHours_areAnsweredFromRollups_exactly() {
    CostExplorerQuery query = CostExplorerQuery.of(START, END, List.of(Field.MODEL));

    CostReport report = reader.explore(query);

    assertThat(report.source()).isEqualTo(CostReport.Source.ROLLUPS);
    assertThat(report.rows()).isEqualTo(SeededLedger.expected(records, query));
    assertThat(report.rows()).hasSize(4);
  }

  @Test
  void partialEdgeHours_mergeRollupsWithRecords_exactly() {
    CostExplorerQuery query =
        new CostExplorerQuery(
            START.plusSeconds(17 * 60 + 3),
            START.plus(Duration.ofDays(3).plusHours(5).plusMinutes(3)),
            List.of(Field.DAY, Field.PROVIDER, Field.CACHE),
            List.of(CostFilter.of(Field.TIER, "on_demand", "batch")),
            ZoneOffset.UTC);

    CostReport report = reader.explore(query);

    assertThat(report.source()).isEqualTo(CostReport.Source.ROLLUPS_AND_RECORDS);
    assertThat(report.rows()).isEqualTo(SeededLedger.expected(records, query));
  }

  @Test
  void everyDimension_groupsAndFiltersLikeTheRecords() {
    Instant from = START.plusSeconds(1234);
    Instant to = END.minusSeconds(4321);
    for (Field field : Field.values()) {
      CostExplorerQuery grouped = CostExplorerQuery.of(from, to, List.of(field));
      assertThat(reader.explore(grouped).rows())
          .as(field.wireName())
          .isEqualTo(SeededLedger.expected(records, grouped));
      if (!field.isTime()) {
        String value = reader.explore(grouped).rows().get(0).group().get(0);
        CostExplorerQuery filtered =
            new CostExplorerQuery(
                from, to, List.of(Field.KEY), List.of(CostFilter.of(field, value)), ZoneOffset.UTC);
        assertThat(reader.explore(filtered).rows())
            .as(field.wireName() + "=" + value)
            .isEqualTo(SeededLedger.expected(records, filtered));
      }
    }
  }

  @Test
  void tags_areReadFromRecords_exactly() {
    CostExplorerQuery query =
        new CostExplorerQuery(
            START,
            END,
            List.of(new CostDimension.Tag("env"), Field.SERVED_MODEL),
            List.of(
                CostFilter.of(Field.MODEL, "gpt-4o-mini", "auto"),
                CostFilter.of(new CostDimension.Tag("owner"), "a,b \"quoted\"", "")),
            ZoneOffset.UTC);

    CostReport report = reader.explore(query);

    assertThat(report.source()).isEqualTo(CostReport.Source.RECORDS);
    assertThat(report.rows()).isEqualTo(SeededLedger.expected(records, query));
    assertThat(report.rows()).extracting(row -> row.group().get(0)).contains("prod", "dev", "");
  }

  @Test
  void timeZones_cutDaysLocally_fromRollupsWhenHoursAlign() {
    CostExplorerQuery newYork =
        new CostExplorerQuery(
            START, END, List.of(Field.DAY), List.of(), ZoneId.of("America/New_York"));
    CostExplorerQuery kolkata =
        new CostExplorerQuery(START, END, List.of(Field.HOUR), List.of(), ZoneId.of("Asia/Kolkata"));

    CostReport inNewYork = reader.explore(newYork);
    CostReport inKolkata = reader.explore(kolkata);

    assertThat(inNewYork.source()).isEqualTo(CostReport.Source.ROLLUPS);
    assertThat(inNewYork.rows()).isEqualTo(SeededLedger.expected(records, newYork));
    assertThat(inNewYork.rows()).extracting(row -> row.group().get(0)).contains("2025-02-28");
    assertThat(inKolkata.source()).isEqualTo(CostReport.Source.RECORDS);
    assertThat(inKolkata.rows()).isEqualTo(SeededLedger.expected(records, kolkata));
    assertThat(inKolkata.rows().get(0).group().get(0)).endsWith(":00+05:30");
    CostExplorerQuery untimed =
        new CostExplorerQuery(START, END, List.of(Field.MODEL), List.of(), ZoneId.of("Asia/Kolkata"));
    assertThat(reader.explore(untimed).source()).isEqualTo(CostReport.Source.ROLLUPS);
    assertThat(reader.explore(untimed).rows()).isEqualTo(SeededLedger.expected(records, untimed));
  }

  @Test
  void exports_agreeWithTheExplorerAndTheRecords_toThePicoDollar() {
    Instant from = START.plusSeconds(999);
    Instant to = END.minusSeconds(999);
    Money expected = SeededLedger.total(records, from, to);
    CostReport total = reader.explore(CostExplorerQuery.of(from, to, List.of()));

    StringBuilder focus = new StringBuilder();
    StringBuilder csv = new StringBuilder();
    StringBuilder jsonl = new StringBuilder();
    ExportWriter focusWriter = ExportFormat.FOCUS_CSV.writer(focus);
    ExportWriter csvWriter = ExportFormat.LEDGER_CSV.writer(csv);
    ExportWriter jsonlWriter = ExportFormat.LEDGER_JSONL.writer(jsonl);
    focusWriter.begin();
    csvWriter.begin();
    jsonlWriter.begin();
    List<UsageRecord> streamed = new ArrayList<>();
    long count =
        reader.forEachRecord(
            from,
            to,
            record -> {
              streamed.add(record);
              focusWriter.write(record);
              csvWriter.write(record);
              jsonlWriter.write(record);
            });

    assertThat(total.rows()).singleElement().satisfies(row -> assertThat(row.cost()).isEqualTo(expected));
    assertThat(count).isEqualTo(streamed.size()).isGreaterThan(LedgerPages.PAGE_SIZE);
    assertThat(streamed.stream().map(UsageRecord::cost).reduce(Money.ZERO, Money::plus))
        .isEqualTo(expected);
    assertThat(streamed).doesNotHaveDuplicates();
    assertThat(sumColumn(focus.toString(), "BilledCost")).isEqualTo(expected.toUsd());
    assertThat(sumColumn(focus.toString(), "ListCost")).isEqualTo(expected.toUsd());
    assertThat(sumColumn(focus.toString(), "EffectiveCost")).isEqualTo(expected.toUsd());
    assertThat(sumColumn(csv.toString(), "cost_usd")).isEqualTo(expected.toUsd());
    assertThat(jsonl.toString().lines().count()).isEqualTo(count);
    BigDecimal jsonTotal =
        jsonl.toString()
            .lines()
            .map(line -> new BigDecimal(line.replaceAll(".*\"cost_usd\":\"([^\"]*)\".*", "$1")))
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(jsonTotal.compareTo(expected.toUsd())).isZero();
  }

  @Test
  void duplicateRequestIds_areCountedOnceInRollups() {
    append(records.subList(0, 500));

    CostExplorerQuery query = CostExplorerQuery.of(START, END, List.of(Field.KEY));

    assertThat(reader.explore(query).rows()).isEqualTo(SeededLedger.expected(records, query));
  }

  @Test
  void retention_prunesRecordsInBatches_butRollupsKeepTheirSums() {
    Instant cutoff = START.plus(Duration.ofDays(2));
    CostExplorerQuery wholeHours = CostExplorerQuery.of(START, END, List.of(Field.DAY, Field.MODEL));
    long kept = records.stream().filter(r -> !r.startedAt().isBefore(cutoff)).count();

    long pruned = new LedgerRetention(database, 3, 97).prune(cutoff.plus(Duration.ofDays(3)));

    assertThat(pruned).isEqualTo(RECORDS - kept);
    assertThat(reader.forEachRecord(START, END, record -> {})).isEqualTo(kept);
    assertThat(reader.explore(wholeHours).rows()).isEqualTo(SeededLedger.expected(records, wholeHours));
    assertThat(new LedgerRetention(database, 0).prune(END.plus(Duration.ofDays(999)))).isZero();
  }

  @Test
  void migrationBackfill_rebuildsTheRollupsFromRecords() {
    List<String> backfill = Migrations.shipped().get(2).statements();
    List<String> modelBackfill = Migrations.shipped().get(10).statements();
    database.write(
        "rebuilding rollups",
        connection -> {
          try (Statement statement = connection.createStatement()) {
            for (RollupTable table : RollupTable.values()) {
              statement.execute("DELETE FROM " + table.table());
            }
            statement.execute(backfill.get(backfill.size() - 2));
            statement.execute(backfill.get(backfill.size() - 1));
            // V011 fills the narrow rollups from the full ones: its INSERT statements
            for (String sql : modelBackfill) {
              if (sql.strip().startsWith("INSERT")) {
                statement.execute(sql);
              }
            }
          }
          return null;
        });
    // one report from each width of rollup: model, key, full
    List<CostExplorerQuery> queries =
        List.of(
            CostExplorerQuery.of(START, END, List.of(Field.HOUR, Field.CACHE)),
            CostExplorerQuery.of(START, END, List.of(Field.DAY, Field.TEAM)),
            CostExplorerQuery.of(START, END, List.of(Field.DAY, Field.KEY, Field.TIER)));

    for (CostExplorerQuery query : queries) {
      CostReport report = reader.explore(query);

      assertThat(report.source()).as("%s", query.groupBy()).isEqualTo(CostReport.Source.ROLLUPS);
      assertThat(report.rows()).as("%s", query.groupBy()).isEqualTo(SeededLedger.expected(records, query));
    }
  }

  private static BigDecimal sumColumn(String csv, String column) {
    List<List<String>> rows = Rfc4180.parse(csv);
    int index = rows.get(0).indexOf(column);
    assertThat(index).as(column).isNotNegative();
    BigDecimal sum = BigDecimal.ZERO;
    for (List<String> row : rows.subList(1, rows.size())) {
      assertThat(row).hasSameSizeAs(rows.get(0));
      sum = sum.add(new BigDecimal(row.get(index)));
    }
    return sum.stripTrailingZeros();
  }
}
