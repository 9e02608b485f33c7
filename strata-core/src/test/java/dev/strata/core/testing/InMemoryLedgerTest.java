package dev.strata.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.auth.Principal;
import dev.strata.core.ledger.CostGrouping;
import dev.strata.core.ledger.CostQuery;
import dev.strata.core.ledger.CostRow;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.ledger.UsageSource;
import dev.strata.core.model.Usage;
import dev.strata.core.money.Money;
import dev.strata.core.money.Tier;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class InMemoryLedgerTest {
  private static final Instant DAY1 = Instant.parse("2025-07-01T10:00:00Z");
  private static final Instant DAY2 = Instant.parse("2025-07-02T10:00:00Z");

  private final InMemoryLedger ledger = new InMemoryLedger();

  private static UsageRecord record(
      String id, Instant at, String team, String model, long micros, UsageSource source) {
    return new UsageRecord(
        id,
        at,
        at.plusSeconds(1),
        new Principal("key_" + team, null, team, "app", Map.of()),
        "openai",
        "chat",
        model,
        model,
        "openai",
        new Usage(10, 5, 2, 1, 0),
        source,
        Money.ofMicros(micros),
        model + "@list",
        Tier.ON_DEMAND,
        false,
        "ok",
        200,
        1000,
        OptionalLong.empty());
  }

  @Test
  void costs_groupAndSumRecordsInThePeriodHighestCostFirst() {
    ledger.append(record("1", DAY1, "search", "gpt-4o", 100, UsageSource.PROVIDER));
    ledger.append(record("2", DAY1, "search", "gpt-4o", 50, UsageSource.ESTIMATED));
    ledger.append(record("3", DAY1, "support", "gpt-4o", 400, UsageSource.PROVIDER));
    ledger.append(record("4", DAY2, "search", "gpt-4o", 999, UsageSource.PROVIDER));

    List<CostRow> rows =
        ledger.costs(
            new CostQuery(
                DAY1.minusSeconds(60), DAY2, List.of(CostGrouping.TEAM, CostGrouping.MODEL)));

    assertThat(rows)
        .containsExactly(
            new CostRow(List.of("support", "gpt-4o"), 1, 10, 5, 2, 1, Money.ofMicros(400), 0),
            new CostRow(List.of("search", "gpt-4o"), 2, 20, 10, 4, 2, Money.ofMicros(150), 1));
  }

  @Test
  void costs_byDayUsesTheUtcDateTheRequestStarted() {
    ledger.append(record("1", DAY1, "t", "m", 1, UsageSource.PROVIDER));
    ledger.append(record("2", DAY2, "t", "m", 2, UsageSource.PROVIDER));

    List<CostRow> rows =
        ledger.costs(new CostQuery(DAY1, DAY2.plusSeconds(1), List.of(CostGrouping.DAY)));

    assertThat(rows)
        .extracting(CostRow::group)
        .containsExactly(List.of("2025-07-02"), List.of("2025-07-01"));
  }

  @Test
  void latest_isNewestFirstUpToTheLimit() {
    ledger.append(record("1", DAY1, "t", "m", 1, UsageSource.PROVIDER));
    ledger.append(record("2", DAY1, "t", "m", 1, UsageSource.PROVIDER));
    ledger.append(record("3", DAY1, "t", "m", 1, UsageSource.PROVIDER));

    assertThat(ledger.latest(2)).extracting(UsageRecord::requestId).containsExactly("3", "2");
    assertThat(ledger.latest(10)).hasSize(3);
  }

  @Test
  void awaitRecords_returnsOnceAnotherThreadHasAppended() throws InterruptedException {
    Thread writer =
        Thread.ofVirtual()
            .start(() -> ledger.append(record("1", DAY1, "t", "m", 1, UsageSource.PROVIDER)));

    assertThat(ledger.awaitRecords(1, Duration.ofSeconds(10))).hasSize(1);
    writer.join();
  }

  @Test
  void awaitRecords_failsWhenTheRecordsDoNotArrive() {
    assertThatThrownBy(() -> ledger.awaitRecords(1, Duration.ofMillis(20)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("expected 1 ledger records");
  }

  @Test
  void onlyRecord_failsUnlessThereIsExactlyOne() {
    assertThatThrownBy(ledger::onlyRecord).isInstanceOf(AssertionError.class);
  }

  @Test
  void append_afterClose_isRefused() {
    ledger.close();

    assertThat(ledger.isClosed()).isTrue();
    assertThatThrownBy(() -> ledger.append(record("1", DAY1, "t", "m", 1, UsageSource.PROVIDER)))
        .isInstanceOf(IllegalStateException.class);
  }
}
