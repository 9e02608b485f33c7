package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.auth.IssuedKey;
import dev.strata.core.auth.KeySecrets;
import dev.strata.core.auth.NewKey;
import dev.strata.core.ledger.CostGrouping;
import dev.strata.core.ledger.CostQuery;
import dev.strata.core.ledger.CostRow;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.model.Usage;
import dev.strata.core.money.Money;
import dev.strata.core.money.TokenPrice;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The same migrations and statements on PostgreSQL, in a schema of their own. Runs only when {@code
 * STRATA_TEST_POSTGRES_URL} names a server, e.g. {@code
 * jdbc:postgresql://127.0.0.1:5432/postgres?user=strata}.
 */
@EnabledIfEnvironmentVariable(named = "STRATA_TEST_POSTGRES_URL", matches = ".+")
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PostgresPortabilityTest {
  private final String serverUrl = System.getenv("STRATA_TEST_POSTGRES_URL");
  private final String schema =
      "strata_test_" + KeySecrets.randomToken(8).toLowerCase(java.util.Locale.ROOT);
  private String url;

  @BeforeEach
  void createSchema() throws SQLException {
    execute("CREATE SCHEMA " + schema);
    url = serverUrl + (serverUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  @AfterEach
  void dropSchema() throws SQLException {
    execute("DROP SCHEMA " + schema + " CASCADE");
  }

  @Test
  void concurrentOpens_migrateOnce() {
    List<CompletableFuture<Database>> opening = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      opening.add(CompletableFuture.supplyAsync(() -> Database.open(url)));
    }
    for (CompletableFuture<Database> open : opening) {
      try (Database database = open.join()) {
        assertThat(DatabaseTest.migrations(database))
            .containsExactlyElementsOf(DatabaseTest.shippedMigrations());
      }
    }
  }

  @Test
  void keysSettingsAndLedger_workUnchanged() {
    TestClock clock = new TestClock(Instant.parse("2025-03-01T09:00:00Z"));
    try (Database database = Database.open(url)) {
      SqlKeyStore keys = new SqlKeyStore(database, clock);
      IssuedKey issued = keys.create(new NewKey("pg", "acme", "search", "", Map.of("env", "prod")));
      assertThat(keys.findBySecretHash(KeySecrets.hash(issued.secret()))).contains(issued.key());
      assertThat(keys.revoke(issued.key().id())).isTrue();
      assertThat(keys.revoke("key_unknown")).isFalse();
      assertThat(keys.list()).singleElement().satisfies(k -> assertThat(k.isRevoked()).isTrue());

      Settings settings = new Settings(database);
      assertThat(settings.putIfAbsent("admin", "a")).isTrue();
      assertThat(settings.putIfAbsent("admin", "b")).isFalse();
      settings.put("admin", "c");
      assertThat(settings.get("admin")).contains("c");

      TokenPrice price = TokenPrice.perMillion("0.00875");
      List<UsageRecord> records = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        Usage usage = Usage.of(1_000 + i, 10 + i);
        records.add(
            UsageRecords.record(
                "pg-" + i,
                UsageRecords.T0.plus(Duration.ofHours(i)),
                i % 2 == 0 ? "key_a" : "key_b",
                i % 3 == 0 ? "llama-small" : "gpt-4o-mini",
                usage,
                price.times(usage.totalTokens())));
      }
      try (SqlLedger ledger = new SqlLedger(database)) {
        records.forEach(ledger::append);
        ledger.append(records.get(0));
      }
      SqlLedgerReader reader = new SqlLedgerReader(database);
      assertThat(reader.latest(1)).containsExactly(records.get(records.size() - 1));
      Money total = records.stream().map(UsageRecord::cost).reduce(Money.ZERO, Money::plus);
      List<CostRow> byDay =
          reader.costs(
              new CostQuery(
                  Instant.EPOCH,
                  Instant.parse("2030-01-01T00:00:00Z"),
                  List.of(CostGrouping.DAY, CostGrouping.MODEL)));
      assertThat(byDay.stream().map(CostRow::cost).reduce(Money.ZERO, Money::plus))
          .isEqualTo(total);
      assertThat(byDay).extracting(row -> row.group().get(0)).contains("2025-03-01", "2025-03-03");
    }
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(serverUrl);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
