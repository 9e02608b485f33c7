package dev.strata.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.auth.KeyAuthenticator;
import dev.strata.core.auth.Principal;
import dev.strata.core.ledger.SavingsReport;
import dev.strata.core.ledger.SavingsRow;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.ledger.UsageSource;
import dev.strata.core.model.Usage;
import dev.strata.core.money.ModelPrice;
import dev.strata.core.money.Money;
import dev.strata.core.money.PriceBook;
import dev.strata.core.money.Tier;
import dev.strata.core.money.TokenPrice;
import dev.strata.store.Database;
import dev.strata.store.SqlLedger;
import dev.strata.store.SqlKeyStore;
import dev.strata.store.SqlLedgerReader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The costs command on the data folder and through a running server's admin API, its exports, and
 * the savings view, over records stored by a second process-like writer on the same database.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CostExplorerEndToEndTest {
  private static final Instant START = Instant.parse("2025-03-01T00:00:00Z");
  private static final int RECORDS = 600;

  @TempDir Path dir;
  private TestDeployment deployment;
  private final List<UsageRecord> records = new ArrayList<>();

  @BeforeEach
  void startAndSeed() throws Exception {
    deployment = new TestDeployment(dir, TestDeployment.mockProvider("http://127.0.0.1:9/v1"));
    deployment.start();
    for (int i = 0; i < RECORDS; i++) {
      records.add(record(i));
    }
    try (Database database = Database.open(deployment.config().storeUrl());
        SqlLedger ledger = new SqlLedger(database)) {
      records.forEach(ledger::append);
    }
  }

  @AfterEach
  void stop() {
    deployment.close();
  }

  @Test
  void costsCommand_groupsAndFilters_locallyAndThroughTheServer_alike() {
    String[] query = {
      "costs", "--since", "2025-03-01", "--until", "2025-03-04", "--by", "day,tag:env",
      "--filter", "model=gpt-4o", "--filter", "tag=env:prod"
    };
    Money expected =
        sum(r -> r.requestedModel().equals("gpt-4o") && "prod".equals(r.principal().tags().get("env")));

    TestDeployment.CliRun local = deployment.cli(query);
    List<String> remoteArgs = new ArrayList<>(List.of(query));
    remoteArgs.addAll(List.of("--url", deployment.serverUrl(), "--admin-key", deployment.adminSecret()));
    TestDeployment.CliRun remote = deployment.cli(remoteArgs.toArray(String[]::new));

    assertThat(local.code()).as(local.err()).isZero();
    assertThat(remote.code()).as(remote.err()).isZero();
    assertThat(local.out()).contains("2025-03-02").contains("prod").doesNotContain("dev");
    assertThat(local.out()).contains("$" + expected.toUsdString());
    assertThat(remote.out()).isEqualTo(local.out());
  }

  @Test
  void exports_writeEveryRecordOfThePeriod_withExactCosts() throws Exception {
    Path local = dir.resolve("focus-local.csv");
    Path remote = dir.resolve("focus-remote.csv");
    Path jsonl = dir.resolve("ledger.jsonl");
    String[] period = {"--since", "2025-03-01T06:00:00Z", "--until", "2025-03-03T00:00:00Z"};
    Money expected =
        sum(r -> !r.startedAt().isBefore(Instant.parse("2025-03-01T06:00:00Z"))
            && r.startedAt().isBefore(Instant.parse("2025-03-03T00:00:00Z")));

    assertThat(deployment.cli(concat(period, "costs", "--export", "focus", "--out", local.toString())).code()).isZero();
    assertThat(
            deployment.cli(
                    concat(period, "costs", "--export", "focus", "--out", remote.toString(), "--url",
                        deployment.serverUrl(), "--admin-key", deployment.adminSecret()))
                .code())
        .isZero();
    assertThat(deployment.cli(concat(period, "costs", "--export", "jsonl", "--out", jsonl.toString())).code()).isZero();

    assertThat(Files.readString(remote)).isEqualTo(Files.readString(local));
    List<String> lines = Files.readString(local).lines().toList();
    int billed = List.of(lines.get(0).split(",")).indexOf("BilledCost");
    BigDecimal total =
        lines.subList(1, lines.size()).stream()
            .map(line -> new BigDecimal(line.split(",")[billed]))
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(total).isEqualByComparingTo(expected.toUsd());
    assertThat(Files.readAllLines(jsonl)).hasSize(lines.size() - 1);
  }

  @Test
  void savings_compareEachLeverWithTheRequestedModelsListPrice() {
    PriceBook prices =
        new PriceBook(
            "test",
            List.of(
                ModelPrice.flat("gpt-4o", "openai", "test", TokenPrice.perMillion("2.5"), TokenPrice.perMillion("10")),
                ModelPrice.flat("gpt-4o-mini", "openai", "test", TokenPrice.perMillion("0.15"), TokenPrice.perMillion("0.6"))));
    try (Database database = Database.open(deployment.config().storeUrl())) {
      LocalAdmin admin = localAdmin(database, prices);

      SavingsReport report = admin.savings(START, START.plusSeconds(4 * 86_400));

      SavingsRow routing = report.levers().get(0);
      assertThat(routing.name()).isEqualTo("routing");
      Money baseline = Money.ZERO;
      Money actual = Money.ZERO;
      long routed = 0;
      for (UsageRecord r : records) {
        if (r.requestedModel().equals("gpt-4o") && r.servedModel().equals("gpt-4o-mini")) {
          routed++;
          actual = actual.plus(r.cost());
          Usage u = r.usage();
          baseline =
              baseline.plus(TokenPrice.perMillion("2.5").times(u.totalInputTokens()))
                  .plus(TokenPrice.perMillion("10").times(u.outputTokens()));
        }
      }
      assertThat(routing.requests()).isEqualTo(routed).isPositive();
      assertThat(routing.baseline()).isEqualTo(baseline);
      assertThat(routing.actual()).isEqualTo(actual);
      assertThat(routing.savings().isNegative()).isFalse();
      assertThat(report.overall().requests()).isEqualTo(RECORDS);
      assertThat(report.levers().get(1).name()).isEqualTo("prompt_caching");
      assertThat(report.levers().get(1).requests())
          .isEqualTo(records.stream().filter(r -> r.usage().cacheReadInputTokens() > 0).count());
    }
  }

  private Money sum(java.util.function.Predicate<UsageRecord> which) {
    return records.stream().filter(which).map(UsageRecord::cost).reduce(Money.ZERO, Money::plus);
  }

  private static String[] concat(String[] tail, String... head) {
    List<String> all = new ArrayList<>(List.of(head));
    all.addAll(List.of(tail));
    return all.toArray(String[]::new);
  }

  /** Requests for gpt-4o are routed to gpt-4o-mini every third time; every fifth reads the cache. */
  private static UsageRecord record(int i) {
    Instant at = START.plusSeconds(i * 431L);
    boolean routed = i % 3 == 0;
    String requested = i % 2 == 0 ? "gpt-4o" : "gpt-4o-mini";
    String served = routed ? "gpt-4o-mini" : requested;
    Usage usage = new Usage(1000 + i, 100 + i, i % 5 == 0 ? 400 : 0, 0, 0);
    TokenPrice in = TokenPrice.perMillion(served.equals("gpt-4o") ? "2.5" : "0.15");
    TokenPrice out = TokenPrice.perMillion(served.equals("gpt-4o") ? "10" : "0.6");
    Money cost = in.times(usage.totalInputTokens()).plus(out.times(usage.outputTokens()));
    return new UsageRecord(
        "e2e-" + i,
        at,
        at.plusMillis(200),
        new Principal("key_" + (i % 4), "acme", "team" + (i % 2), "web", Map.of("env", i % 4 == 0 ? "prod" : "dev")),
        "openai",
        "chat",
        requested,
        served,
        "openai",
        usage,
        UsageSource.PROVIDER,
        cost,
        served + "@2025-01-01 (test)",
        Tier.ON_DEMAND,
        false,
        "ok",
        200,
        200,
        OptionalLong.empty());
  }

  private LocalAdmin localAdmin(Database database, PriceBook prices) {
    SqlKeyStore keys = new SqlKeyStore(database, Clock.systemUTC());
    return new LocalAdmin(
        deployment.strata().adminKey(),
        keys,
        new KeyAuthenticator(keys, Clock.systemUTC(), Duration.ofSeconds(1)),
        new SqlLedgerReader(database),
        prices);
  }
}
