package dev.strata.store;

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
import dev.strata.core.money.TokenPrice;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SqlLedgerReaderTest {
  private static final Instant FROM = Instant.parse("2025-03-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2025-03-02T00:00:00Z");
  private static final Map<String, TokenPrice[]> PRICES =
      Map.of(
          "llama-small",
              new TokenPrice[] {TokenPrice.perMillion("0.00875"), TokenPrice.perMillion("0.035")},
          "gpt-4o-mini",
              new TokenPrice[] {TokenPrice.perMillion("0.15"), TokenPrice.perMillion("0.6")},
          "claude-haiku",
              new TokenPrice[] {TokenPrice.perMillion("0.8"), TokenPrice.perMillion("4.000001")});

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

  @Test
  void costsByModelAndByKey_sumExactlyWhatWasAppended_withinThePeriod() {
    List<UsageRecord> inside = new ArrayList<>();
    String[] models = {"llama-small", "gpt-4o-mini", "claude-haiku"};
    String[] keys = {"key_a", "key_b"};
    for (int i = 0; i < 60; i++) {
      String model = models[i % models.length];
      Instant at = FROM.plus(Duration.ofMinutes(23L * i)); // the first is exactly at FROM
      inside.add(
          priced(
              "in-" + i,
              at,
              keys[i % keys.length],
              model,
              new Usage(1_000 + 37L * i, 3L * i + 1, i, i % 3, 0),
              i % 4 == 0 ? UsageSource.ESTIMATED : UsageSource.PROVIDER));
    }
    List<UsageRecord> outside =
        List.of(
            priced(
                "before",
                FROM.minusMillis(1),
                "key_a",
                "llama-small",
                Usage.of(9_999, 9_999),
                UsageSource.PROVIDER),
            priced(
                "at-end", TO, "key_a", "gpt-4o-mini", Usage.of(9_999, 9_999), UsageSource.PROVIDER),
            priced(
                "after",
                TO.plusSeconds(3_600),
                "key_b",
                "claude-haiku",
                Usage.of(9_999, 9_999),
                UsageSource.PROVIDER));
    inside.forEach(ledger::append);
    outside.forEach(ledger::append);
    ledger.flush();

    List<CostRow> byModel = reader.costs(new CostQuery(FROM, TO, List.of(CostGrouping.MODEL)));
    assertThat(byModel).containsExactlyElementsOf(expected(inside, r -> List.of(r.servedModel())));
    assertThat(byModel).isSortedAccordingTo(Comparator.comparing(CostRow::cost).reversed());

    List<CostRow> byKey = reader.costs(new CostQuery(FROM, TO, List.of(CostGrouping.KEY)));
    assertThat(byKey)
        .containsExactlyElementsOf(expected(inside, r -> List.of(r.principal().keyId())));

    List<CostRow> byBoth =
        reader.costs(new CostQuery(FROM, TO, List.of(CostGrouping.KEY, CostGrouping.MODEL)));
    assertThat(byBoth)
        .containsExactlyElementsOf(
            expected(inside, r -> List.of(r.principal().keyId(), r.servedModel())));

    Money total = inside.stream().map(UsageRecord::cost).reduce(Money.ZERO, Money::plus);
    assertThat(byModel.stream().map(CostRow::cost).reduce(Money.ZERO, Money::plus))
        .isEqualTo(total);
    assertThat(reader.costs(new CostQuery(FROM, TO, List.of())))
        .singleElement()
        .satisfies(row -> assertThat(row.cost()).isEqualTo(total))
        .satisfies(row -> assertThat(row.requests()).isEqualTo(60));
  }

  @Test
  void modelFallsBackToTheRequestedModel_whenNoneServed() {
    UsageRecord refused =
        new UsageRecord(
            "refused",
            FROM,
            FROM,
            new Principal("key_a", "acme", "", "", Map.of()),
            "openai",
            "chat",
            "no-such-model",
            "",
            "",
            Usage.ZERO,
            UsageSource.ESTIMATED,
            Money.ZERO,
            "none",
            Tier.ON_DEMAND,
            false,
            "not_found",
            404,
            1,
            OptionalLong.empty());
    ledger.append(refused);
    ledger.append(
        priced("served", FROM, "key_a", "llama-small", Usage.of(10, 10), UsageSource.PROVIDER));
    ledger.flush();

    assertThat(
            reader.costs(
                new CostQuery(FROM, TO, List.of(CostGrouping.MODEL, CostGrouping.PROVIDER))))
        .extracting(CostRow::group)
        .containsExactly(List.of("llama-small", "openai"), List.of("no-such-model", ""));
  }

  @Test
  void costsByDayAndTeam_useUtcDates() {
    ledger.append(
        withTeam(
            priced(
                "d1",
                Instant.parse("2025-03-01T23:59:59.999Z"),
                "key_a",
                "llama-small",
                Usage.of(100, 0),
                UsageSource.PROVIDER),
            "search"));
    ledger.append(
        withTeam(
            priced(
                "d2",
                Instant.parse("2025-03-02T00:00:00Z"),
                "key_a",
                "llama-small",
                Usage.of(200, 0),
                UsageSource.PROVIDER),
            "search"));
    ledger.append(
        withTeam(
            priced(
                "d2b",
                Instant.parse("2025-03-02T12:00:00Z"),
                "key_b",
                "llama-small",
                Usage.of(300, 0),
                UsageSource.PROVIDER),
            "ads"));
    ledger.flush();

    List<CostRow> rows =
        reader.costs(
            new CostQuery(
                FROM, FROM.plus(Duration.ofDays(3)), List.of(CostGrouping.DAY, CostGrouping.TEAM)));

    assertThat(rows)
        .extracting(CostRow::group, CostRow::inputTokens)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(List.of("2025-03-02", "ads"), 300L),
            org.assertj.core.groups.Tuple.tuple(List.of("2025-03-02", "search"), 200L),
            org.assertj.core.groups.Tuple.tuple(List.of("2025-03-01", "search"), 100L));
  }

  @Test
  void anEmptyPeriod_hasNoRows() {
    assertThat(reader.costs(new CostQuery(FROM, TO, List.of()))).isEmpty();
    assertThat(reader.costs(new CostQuery(FROM, TO, List.of(CostGrouping.MODEL)))).isEmpty();
  }

  @Test
  void latest_returnsTheNewestFirst_withinItsLimit() {
    for (int i = 0; i < 5; i++) {
      ledger.append(
          priced(
              "r" + i,
              FROM.plusSeconds(i),
              "key_a",
              "llama-small",
              Usage.of(1, 1),
              UsageSource.PROVIDER));
    }
    ledger.flush();

    assertThat(reader.latest(3))
        .extracting(UsageRecord::requestId)
        .containsExactly("r4", "r3", "r2");
    assertThatThrownBy(() -> reader.latest(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> reader.latest(SqlLedgerReader.MAX_LATEST + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** The report computed in Java: rows per group, highest cost first, ties by group. */
  private static List<CostRow> expected(
      List<UsageRecord> records, Function<UsageRecord, List<String>> group) {
    Map<String, List<UsageRecord>> groups = new TreeMap<>();
    for (UsageRecord record : records) {
      groups
          .computeIfAbsent(String.join("\u0001", group.apply(record)), g -> new ArrayList<>())
          .add(record);
    }
    List<CostRow> rows = new ArrayList<>();
    for (List<UsageRecord> members : groups.values()) {
      rows.add(
          new CostRow(
              group.apply(members.get(0)),
              members.size(),
              members.stream().mapToLong(r -> r.usage().inputTokens()).sum(),
              members.stream().mapToLong(r -> r.usage().outputTokens()).sum(),
              members.stream().mapToLong(r -> r.usage().cacheReadInputTokens()).sum(),
              members.stream().mapToLong(r -> r.usage().cacheWriteInputTokens()).sum(),
              members.stream().map(UsageRecord::cost).reduce(Money.ZERO, Money::plus),
              members.stream().filter(r -> r.usageSource() == UsageSource.ESTIMATED).count()));
    }
    rows.sort(Comparator.comparing(CostRow::cost).reversed());
    return rows;
  }

  private static UsageRecord priced(
      String id, Instant at, String key, String model, Usage usage, UsageSource source) {
    TokenPrice[] price = PRICES.get(model);
    Money cost =
        price[0]
            .times(
                usage.inputTokens() + usage.cacheReadInputTokens() + usage.cacheWriteInputTokens())
            .plus(price[1].times(usage.outputTokens()));
    UsageRecord base = UsageRecords.record(id, at, key, model, usage, cost);
    return new UsageRecord(
        base.requestId(),
        base.startedAt(),
        base.finishedAt(),
        base.principal(),
        base.wireFormat(),
        base.operation(),
        base.requestedModel(),
        base.servedModel(),
        base.provider(),
        base.usage(),
        source,
        base.cost(),
        base.priceReference(),
        base.tier(),
        base.streamed(),
        base.status(),
        base.httpStatus(),
        base.latencyMillis(),
        base.timeToFirstTokenMillis());
  }

  private static UsageRecord withTeam(UsageRecord r, String team) {
    Principal p = r.principal();
    return new UsageRecord(
        r.requestId(),
        r.startedAt(),
        r.finishedAt(),
        new Principal(p.keyId(), p.tenant(), team, p.app(), p.tags()),
        r.wireFormat(),
        r.operation(),
        r.requestedModel(),
        r.servedModel(),
        r.provider(),
        r.usage(),
        r.usageSource(),
        r.cost(),
        r.priceReference(),
        r.tier(),
        r.streamed(),
        r.status(),
        r.httpStatus(),
        r.latencyMillis(),
        r.timeToFirstTokenMillis());
  }
}
