package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.cache.ResponseCacheStatus;
import dev.strata.core.ledger.CostDimension;
import dev.strata.core.ledger.CostExplorerQuery;
import dev.strata.core.ledger.CostReport;
import dev.strata.core.ledger.CostRow;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.model.Usage;
import dev.strata.core.money.Money;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger's response-cache columns: stored, read back, rolled up and explored (V005). */
class ResponseCacheLedgerTest {
  private static final Instant HOUR = Instant.parse("2025-03-01T10:00:00Z");

  @TempDir Path dir;
  private Database database;
  private SqlLedger ledger;
  private SqlLedgerReader reader;

  @BeforeEach
  void open() {
    database = Database.open("jdbc:sqlite:" + dir.resolve("strata.db"));
    ledger = new SqlLedger(database);
    reader = new SqlLedgerReader(database);
  }

  @AfterEach
  void close() {
    ledger.close();
    database.close();
  }

  private static UsageRecord hit(String id, Instant at, ResponseCacheStatus status, long savedMicros) {
    return UsageRecords.record(id, at, "key_a", "gpt-4o", Usage.ZERO, Money.ZERO)
        .withResponseCache(status, Money.ofMicros(savedMicros));
  }

  @Test
  void hitRecord_isStoredAndReadBackWithItsStatusAndSaving() {
    UsageRecord hit = hit("req-hit", HOUR.plusSeconds(5), ResponseCacheStatus.HIT_SEMANTIC, 3500);
    ledger.append(hit);
    ledger.flush();

    assertThat(reader.latest(1)).containsExactly(hit);
  }

  @Test
  void explorerByCache_separatesHitsFromPromptCacheStatuses_inRollupsAndRawRecords() {
    ledger.append(UsageRecords.record("req-miss", HOUR.plusSeconds(1), "key_a", "gpt-4o", new Usage(100, 10, 50, 0, 0), Money.ofMicros(3500))
        .withResponseCache(ResponseCacheStatus.MISS, Money.ZERO));
    ledger.append(hit("req-1", HOUR.plusSeconds(2), ResponseCacheStatus.HIT_EXACT, 3500));
    ledger.append(hit("req-2", HOUR.plusSeconds(3), ResponseCacheStatus.HIT_EXACT, 1500));
    ledger.append(hit("req-3", HOUR.plusSeconds(4), ResponseCacheStatus.HIT_SEMANTIC, 700));
    ledger.flush();

    CostReport wholeHours =
        reader.explore(CostExplorerQuery.of(HOUR, HOUR.plusSeconds(3600), List.of(CostDimension.Field.CACHE)));
    CostReport partialHour =
        reader.explore(CostExplorerQuery.of(HOUR, HOUR.plusSeconds(60), List.of(CostDimension.Field.CACHE)));

    for (CostReport report : List.of(wholeHours, partialHour)) {
      assertThat(report.rows())
          .extracting(CostRow::group, CostRow::requests, CostRow::cost, CostRow::savedCost)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple(List.of("read"), 1L, Money.ofMicros(3500), Money.ZERO),
              org.assertj.core.groups.Tuple.tuple(List.of("hit-exact"), 2L, Money.ZERO, Money.ofMicros(5000)),
              org.assertj.core.groups.Tuple.tuple(List.of("hit-semantic"), 1L, Money.ZERO, Money.ofMicros(700)));
    }
    assertThat(wholeHours.source()).isEqualTo(CostReport.Source.ROLLUPS);
    assertThat(partialHour.source()).isEqualTo(CostReport.Source.RECORDS);
  }
}
