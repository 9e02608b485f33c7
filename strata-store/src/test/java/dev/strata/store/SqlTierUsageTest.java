package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.advice.AdviceOptions;
import dev.strata.core.advice.BatchCandidate;
import dev.strata.core.advice.KeyTraffic;
import dev.strata.core.advice.ModelHour;
import dev.strata.core.advice.PriceIds;
import dev.strata.core.advice.TierAdvice;
import dev.strata.core.advice.TierAdvisor;
import dev.strata.core.advice.TierUsage;
import dev.strata.core.auth.KeySecrets;
import dev.strata.core.auth.Principal;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.ledger.UsageSource;
import dev.strata.core.model.Usage;
import dev.strata.core.money.CostCalculator;
import dev.strata.core.money.Money;
import dev.strata.core.money.PriceBook;
import dev.strata.core.money.PriceBookLoader;
import dev.strata.core.money.Tier;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
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
 * The SQL sums tier advice reads agree with the same sums over the records in memory — per key
 * from raw records, per model and whole hour from the hourly rollups — and so does the advice
 * built from them; the hourly sums outlive pruned records. On SQLite, and on PostgreSQL when
 * STRATA_TEST_POSTGRES_URL names a server.
 */
class SqlTierUsageTest {
  private static final String GPT = "gpt-4o";
  private static final String HAIKU = "anthropic.claude-3-5-haiku-20241022-v1:0";
  private static final String LOCAL = "local-gguf";
  private static final Instant START = Instant.parse("2025-06-01T00:00:00Z");
  private static final PriceBook PRICES = PriceBookLoader.shipped();
  private static final PriceIds PRICE_IDS = PriceIds.of(Map.of("haiku", HAIKU), PRICES);

  @TempDir Path dir;

  static Stream<String> databases() {
    String postgres = System.getenv("STRATA_TEST_POSTGRES_URL");
    return postgres == null || postgres.isBlank()
        ? Stream.of("sqlite")
        : Stream.of("sqlite", "postgresql");
  }

  /**
   * Three days of traffic, one record every 7 minutes: four keys, streamed every third time for
   * two of them, GPT-4o, Claude 3.5 Haiku (as "haiku"), a local model, an unserved request, and
   * some batch and provisioned records that advice must not count.
   */
  private static List<UsageRecord> traffic() {
    List<Principal> keys =
        List.of(
            new Principal("key-batch", "acme", "etl", "nightly", Map.of()),
            new Principal("key-web", "acme", "web", "chat", Map.of()),
            new Principal("key-mixed", "acme", "search", "", Map.of()),
            new Principal("key-ops", "globex", "ops", "", Map.of()));
    List<String> models = List.of(GPT, "haiku", HAIKU, LOCAL, "");
    List<UsageRecord> records = new ArrayList<>();
    for (int i = 0; i < 3 * 24 * 60 / 7; i++) {
      Principal key = keys.get(i % keys.size());
      String model = models.get(i % 5 == 4 ? 4 : (i / 4) % 4);
      boolean streamed = key.keyId().equals("key-web") || (key.keyId().equals("key-mixed") && i % 3 == 0);
      Tier tier = i % 31 == 0 ? Tier.BATCH : i % 37 == 0 ? Tier.PROVISIONED : Tier.ON_DEMAND;
      Usage usage =
          model.isEmpty()
              ? Usage.ZERO
              : new Usage(
                  1_000 + 97L * (i % 50), 200 + 31L * (i % 20), i % 6 == 0 ? 512 : 0, i % 10 == 0 ? 64 : 0, 0);
      Instant at = START.plus(Duration.ofMinutes(7L * i)).plusMillis(i % 1000);
      records.add(
          new UsageRecord(
              "tier-" + i,
              at,
              at.plusMillis(300),
              key,
              "openai",
              "chat",
              model.isEmpty() ? GPT : model,
              model,
              model.isEmpty() ? "" : "test",
              usage,
              UsageSource.PROVIDER,
              cost(model, usage, at),
              "test",
              tier,
              streamed,
              model.isEmpty() ? "upstream_error" : "ok",
              model.isEmpty() ? 502 : 200,
              300,
              OptionalLong.empty()));
    }
    return records;
  }

  /** On-demand list price where the book has one (as metered), else some machine time. */
  private static Money cost(String model, Usage usage, Instant at) {
    return PRICE_IDS
        .priceId(model)
        .flatMap(id -> PRICES.priceOn(id, LocalDate.ofInstant(at, ZoneOffset.UTC)))
        .map(price -> CostCalculator.cost(price, usage, Tier.ON_DEMAND).total())
        .orElse(Money.ofPico(1_000_003L * usage.totalTokens()));
  }

  @ParameterizedTest
  @MethodSource("databases")
  void sums_andAdvice_agreeWithTheRecordsInMemory(String kind) throws Exception {
    List<UsageRecord> records = traffic();
    onDatabase(
        kind,
        database -> {
          try (SqlLedger ledger = new SqlLedger(database)) {
            records.forEach(ledger::append);
            ledger.flush();
          }
          TierUsage sql = new SqlTierUsage(database);
          TierUsage memory = TierUsage.of(() -> records);
          // Windows whose edges fall inside hours and days, and the whole span.
          List<Instant[]> windows =
              List.of(
                  new Instant[] {START.plus(Duration.ofMinutes(95)), START.plus(Duration.ofHours(50).plusMinutes(13))},
                  new Instant[] {START, START.plus(Duration.ofDays(3))},
                  new Instant[] {START.plus(Duration.ofMinutes(10)), START.plus(Duration.ofMinutes(50))});
          for (Instant[] window : windows) {
            List<KeyTraffic> keys = sql.keyTraffic(window[0], window[1]);
            assertThat(keys).containsExactlyInAnyOrderElementsOf(memory.keyTraffic(window[0], window[1]));
            List<ModelHour> hours = sql.modelHours(window[0], window[1]);
            assertThat(hours).containsExactlyInAnyOrderElementsOf(memory.modelHours(window[0], window[1]));
          }
          assertThat(sql.keyTraffic(START, START.plus(Duration.ofDays(3))))
              .extracting(KeyTraffic::keyId)
              .contains("key-batch", "key-web", "key-mixed", "key-ops");
          assertThat(sql.modelHours(START, START.plus(Duration.ofDays(3))))
              .extracting(ModelHour::servedModel)
              .containsOnly(GPT, "haiku", HAIKU, LOCAL);

          Instant from = START.plus(Duration.ofMinutes(95));
          Instant to = START.plus(Duration.ofDays(3));
          TierAdvice fromSql = new TierAdvisor(sql, PRICES, PRICE_IDS, AdviceOptions.DEFAULTS).advise(from, to);
          TierAdvice fromMemory =
              new TierAdvisor(memory, PRICES, PRICE_IDS, AdviceOptions.DEFAULTS).advise(from, to);
          assertThat(fromSql).isEqualTo(fromMemory);
          assertThat(fromSql.batch())
              .extracting(BatchCandidate::keyId)
              .as("the web key streams everything; the mixed one a third of its requests")
              .containsExactlyInAnyOrder("key-batch", "key-ops");
          assertThat(fromSql.provisioned()).isNotEmpty();
          assertThat(fromSql.provisioned().get(0).servedModels()).containsExactly(HAIKU, "haiku");
        });
  }

  @ParameterizedTest
  @MethodSource("databases")
  void hourlySums_outlivePrunedRecords(String kind) throws Exception {
    List<UsageRecord> records = traffic();
    onDatabase(
        kind,
        database -> {
          try (SqlLedger ledger = new SqlLedger(database)) {
            records.forEach(ledger::append);
            ledger.flush();
          }
          SqlTierUsage sql = new SqlTierUsage(database);
          Instant to = START.plus(Duration.ofDays(3));
          List<ModelHour> before = sql.modelHours(START, to);

          new LedgerRetention(database, 1).prune(to);

          assertThat(sql.modelHours(START, to)).containsExactlyInAnyOrderElementsOf(before);
          assertThat(sql.keyTraffic(START, START.plus(Duration.ofDays(1)))).isEmpty();
        });
  }

  private void onDatabase(String kind, Consumer<Database> test) throws SQLException {
    if (kind.equals("sqlite")) {
      try (Database database = Database.open("jdbc:sqlite:" + dir.resolve("strata.db"))) {
        test.accept(database);
      }
      return;
    }
    String server = System.getenv("STRATA_TEST_POSTGRES_URL");
    String schema = "strata_tiers_" + KeySecrets.randomToken(8).toLowerCase(Locale.ROOT);
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
