package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.auth.KeySecrets;
import dev.strata.core.auth.Principal;
import dev.strata.core.budget.Budget;
import dev.strata.core.budget.BudgetPeriod;
import dev.strata.core.budget.BudgetScope;
import dev.strata.core.budget.Enforcement;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.ledger.UsageSource;
import dev.strata.core.model.Usage;
import dev.strata.core.money.Money;
import dev.strata.core.money.Tier;
import dev.strata.core.ratelimit.RateLimit;
import dev.strata.core.ratelimit.RateLimitScope;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Budgets, alert markers, opening spend and rate limits — on SQLite, and on PostgreSQL when
 * STRATA_TEST_POSTGRES_URL names a server.
 */
class SqlBudgetStoreTest {
  private static final Instant DAY = Instant.parse("2025-03-01T00:00:00Z");

  @TempDir Path dir;

  static Stream<String> databases() {
    String postgres = System.getenv("STRATA_TEST_POSTGRES_URL");
    return postgres == null || postgres.isBlank()
        ? Stream.of("sqlite")
        : Stream.of("sqlite", "postgresql");
  }

  @ParameterizedTest
  @MethodSource("databases")
  void budgets_roundTripUpdateAndDelete(String kind) throws Exception {
    onDatabase(
        kind,
        database -> {
          SqlBudgetStore store = new SqlBudgetStore(database, new TestClock(DAY));
          Budget budget =
              new Budget(
                  "b1",
                  "Search team",
                  BudgetScope.parse("tag:env=prod"),
                  BudgetPeriod.MONTHLY,
                  Money.ofUsd("125.50"),
                  Enforcement.HARD,
                  List.of(80, 50, 100));
          store.save(budget);
          assertThat(store.all()).containsExactly(budget);
          assertThat(budget.alertPercents()).containsExactly(50, 80, 100);

          Budget raised =
              new Budget(
                  "b1",
                  "Search team",
                  budget.scope(),
                  BudgetPeriod.WEEKLY,
                  Money.ofUsd("200"),
                  Enforcement.SOFT,
                  List.of());
          store.save(raised);
          assertThat(store.find("b1")).contains(raised);

          assertThat(store.delete("b1")).isTrue();
          assertThat(store.delete("b1")).isFalse();
          assertThat(store.all()).isEmpty();
        });
  }

  @ParameterizedTest
  @MethodSource("databases")
  void markAlerted_isTrueOnlyOncePerBudgetPeriodAndThreshold(String kind) throws Exception {
    onDatabase(
        kind,
        database -> {
          SqlBudgetStore store = new SqlBudgetStore(database, new TestClock(DAY));
          assertThat(store.markAlerted("b1", DAY, 80)).isTrue();
          assertThat(store.markAlerted("b1", DAY, 80)).isFalse();
          assertThat(store.markAlerted("b1", DAY, 100)).isTrue();
          assertThat(store.markAlerted("b1", DAY.plusSeconds(86_400), 80)).isTrue();
          assertThat(store.markAlerted("b2", DAY, 80)).isTrue();
        });
  }

  @ParameterizedTest
  @MethodSource("databases")
  void spent_sumsTheLedgerForEachScopeWithinThePeriod(String kind) throws Exception {
    onDatabase(
        kind,
        database -> {
          SqlLedger ledger = new SqlLedger(database);
          ledger.append(record("r1", DAY.plusSeconds(60), "key_a", "eng", "gpt-4o", Map.of("env", "prod"), 1_000));
          ledger.append(record("r2", DAY.plusSeconds(120), "key_b", "eng", "claude", Map.of("env", "dev"), 2_000));
          ledger.append(record("r3", DAY.plusSeconds(180), "key_b", "ops", "gpt-4o", Map.of("env", "prod-eu"), 4_000));
          ledger.append(record("r4", DAY.minusSeconds(1), "key_a", "eng", "gpt-4o", Map.of("env", "prod"), 8_000));
          ledger.flush();
          ledger.close();
          SqlBudgetStore store = new SqlBudgetStore(database, new TestClock(DAY));
          Instant end = DAY.plusSeconds(86_400);

          assertThat(store.spent(new BudgetScope.Deployment(), DAY, end)).isEqualTo(Money.ofPico(7_000));
          assertThat(store.spent(new BudgetScope.Key("key_a"), DAY, end)).isEqualTo(Money.ofPico(1_000));
          assertThat(store.spent(new BudgetScope.Team("eng"), DAY, end)).isEqualTo(Money.ofPico(3_000));
          assertThat(store.spent(new BudgetScope.Tenant("acme"), DAY, end)).isEqualTo(Money.ofPico(7_000));
          assertThat(store.spent(new BudgetScope.Model("gpt-4o"), DAY, end)).isEqualTo(Money.ofPico(5_000));
          assertThat(store.spent(new BudgetScope.Tag("env", "prod"), DAY, end)).isEqualTo(Money.ofPico(1_000));
          assertThat(store.spent(new BudgetScope.Deployment(), Instant.EPOCH, BudgetPeriod.END_OF_TIME))
              .isEqualTo(Money.ofPico(15_000));
        });
  }

  @ParameterizedTest
  @MethodSource("databases")
  void rateLimits_roundTripWithEitherLimitMissing(String kind) throws Exception {
    onDatabase(
        kind,
        database -> {
          SqlRateLimitStore store = new SqlRateLimitStore(database, new TestClock(DAY));
          RateLimit perKey =
              new RateLimit("l1", RateLimitScope.parse("key:*"), OptionalLong.of(60), OptionalLong.empty());
          RateLimit model =
              new RateLimit("l2", RateLimitScope.parse("model:gpt-4o"), OptionalLong.empty(), OptionalLong.of(90_000));
          store.save(perKey);
          store.save(model);
          assertThat(store.all()).containsExactly(perKey, model);

          RateLimit changed = new RateLimit("l1", perKey.scope(), OptionalLong.of(10), OptionalLong.of(5_000));
          store.save(changed);
          assertThat(store.all()).containsExactly(changed, model);
          assertThat(store.delete("l2")).isTrue();
          assertThat(store.all()).containsExactly(changed);
        });
  }

  private static UsageRecord record(
      String id, Instant at, String keyId, String team, String model, Map<String, String> tags, long pico) {
    return new UsageRecord(
        id,
        at,
        at.plusMillis(100),
        new Principal(keyId, "acme", team, "web", tags),
        "openai",
        "chat",
        model,
        model,
        "openai",
        Usage.of(10, 5),
        UsageSource.PROVIDER,
        Money.ofPico(pico),
        model + " (test)",
        Tier.ON_DEMAND,
        false,
        "ok",
        200,
        100,
        OptionalLong.empty());
  }

  private void onDatabase(String kind, Consumer<Database> test) throws SQLException {
    if (kind.equals("sqlite")) {
      try (Database database = Database.open("jdbc:sqlite:" + dir.resolve("strata.db"))) {
        test.accept(database);
      }
      return;
    }
    String server = System.getenv("STRATA_TEST_POSTGRES_URL");
    String schema = "strata_budget_" + KeySecrets.randomToken(8).toLowerCase(Locale.ROOT);
    execute(server, "CREATE SCHEMA " + schema);
    try (Database database =
        Database.open(server + (server.contains("?") ? "&" : "?") + "currentSchema=" + schema)) {
      test.accept(database);
    } finally {
      execute(server, "DROP SCHEMA " + schema + " CASCADE");
    }
  }

  private static void execute(String url, String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
