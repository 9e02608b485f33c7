package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.auth.KeySecrets;
import dev.strata.core.auth.Principal;
import dev.strata.core.catalog.ModelCatalog;
import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.catalog.PriceSource;
import dev.strata.core.ledger.CostGrouping;
import dev.strata.core.ledger.CostQuery;
import dev.strata.core.ledger.CostRow;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.ledger.UsageSource;
import dev.strata.core.model.Usage;
import dev.strata.core.money.Money;
import dev.strata.core.money.PriceBook;
import dev.strata.core.money.PriceBookLoader;
import dev.strata.core.money.Tier;
import dev.strata.core.provisioned.BreakEvenReport;
import dev.strata.core.provisioned.BreakEvenReports;
import dev.strata.core.provisioned.CommitmentTerm;
import dev.strata.core.provisioned.HourlyAccrual;
import dev.strata.core.provisioned.NewProvisionedModel;
import dev.strata.core.provisioned.ProvisionedArns;
import dev.strata.core.provisioned.ProvisionedModel;
import dev.strata.core.provisioned.ProvisionedModels;
import dev.strata.core.provisioned.ProvisionedUsage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Provisioned models end to end on the SQL stores: hours accrued into the SQL ledger (each stored
 * once, even when a crash makes accrual write them again) and the break-even report read back from
 * it — on SQLite, and on PostgreSQL when STRATA_TEST_POSTGRES_URL names a server.
 */
class SqlProvisionedUsageTest {
  private static final String HAIKU = "anthropic.claude-3-5-haiku-20241022-v1:0";
  private static final Instant DAY = Instant.parse("2025-06-01T00:00:00Z");
  private static final Principal OWNER = new Principal("key-1", "acme", "search", "", Map.of());
  private static final PriceBook PRICES = PriceBookLoader.shipped();
  private static final ModelCatalog CATALOG =
      new ModelCatalog(
          List.of(
              new ModelEntry(
                  HAIKU,
                  "bedrock",
                  HAIKU,
                  new PriceSource.Listed(HAIKU),
                  OptionalInt.empty(),
                  false)),
          Map.of());

  @TempDir Path dir;

  static Stream<String> databases() {
    String postgres = System.getenv("STRATA_TEST_POSTGRES_URL");
    return postgres == null || postgres.isBlank()
        ? Stream.of("sqlite")
        : Stream.of("sqlite", "postgresql");
  }

  @ParameterizedTest
  @MethodSource("databases")
  void hoursAccruedTwice_areStoredOnce_andTheReportAgreesWithTheRecords(String kind)
      throws Exception {
    onDatabase(
        kind,
        database -> {
          TestClock clock = new TestClock(DAY.plus(Duration.ofMinutes(20)));
          SqlProvisionedStore store = new SqlProvisionedStore(database);
          ProvisionedModels registry =
              new ProvisionedModels(
                  store, CATALOG, PRICES, ProvisionedArns.DEFAULT, Duration.ZERO, clock);
          ProvisionedModel model =
              registry.create(
                  new NewProvisionedModel(
                      "bot",
                      HAIKU,
                      2,
                      CommitmentTerm.ONE_MONTH,
                      OWNER,
                      Map.of(),
                      Optional.empty()));
          List<UsageRecord> written = new ArrayList<>();
          try (SqlLedger ledger = new SqlLedger(database)) {
            RecordingLedger recording = new RecordingLedger(ledger, written);
            HourlyAccrual accrual = new HourlyAccrual(store, CATALOG, PRICES, recording, clock);
            clock.advance(Duration.ofMinutes(210));
            assertThat(accrual.accrueNow()).isEqualTo(3);
            store.accrued(model.id(), 1); // as if the process died before recording hours 2 and 3
            assertThat(accrual.accrueNow()).as("hours 2 and 3 again").isEqualTo(2);
            recording.append(
                served(model, DAY.plus(Duration.ofHours(1)), Usage.of(600_000, 150_000)));
            recording.append(
                served(
                    model,
                    DAY.plus(Duration.ofHours(2)),
                    new Usage(0, 50_000, 200_000, 10_000, 0)));
            recording.append(
                served(model, DAY.plus(Duration.ofDays(2)), Usage.of(1, 1))); // outside
            ledger.flush();
          }

          SqlLedgerReader reader = new SqlLedgerReader(database);
          List<CostRow> rows =
              reader.costs(
                  new CostQuery(DAY, DAY.plus(Duration.ofDays(1)), List.of(CostGrouping.MODEL)));
          assertThat(rows)
              .singleElement()
              .satisfies(
                  row -> {
                    assertThat(row.requests()).as("3 hours + 2 requests").isEqualTo(5);
                    assertThat(row.cost()).isEqualTo(Money.ofUsd("21.60")); // 3 h x 2 units x $3.60
                  });
          Instant from = DAY;
          Instant to = DAY.plus(Duration.ofDays(1));
          var sql = new SqlProvisionedUsage(database).usage(from, to);
          var inMemory = ProvisionedUsage.of(() -> dedupedById(written)).usage(from, to);
          assertThat(sql).isEqualTo(inMemory);
          assertThat(sql)
              .singleElement()
              .satisfies(
                  day -> {
                    assertThat(day.hours()).isEqualTo(3);
                    assertThat(day.requests()).isEqualTo(2);
                    assertThat(day.tokens()).isEqualTo(1_010_000);
                  });

          BreakEvenReport report =
              new BreakEvenReports(store, new SqlProvisionedUsage(database), PRICES)
                  .report(from, to);
          BreakEvenReport.Line line = report.lines().get(0);
          assertThat(line.accruedCost()).isEqualTo(Money.ofUsd("21.60"));
          assertThat(line.capacityTokens()).isEqualTo(36_000_000); // 3 h x 60 x 2 x 100,000
          // 600k input x $0.80 + 200k output x $4.00 + 200k cache reads x $0.08 + 10k writes x
          // $1.00
          assertThat(line.onDemandCost()).isEqualTo(Money.ofUsd("1.306"));
        });
  }

  private static List<UsageRecord> dedupedById(List<UsageRecord> records) {
    Map<String, UsageRecord> byId = new java.util.LinkedHashMap<>();
    records.forEach(record -> byId.putIfAbsent(record.requestId(), record));
    return List.copyOf(byId.values());
  }

  private static int served;

  private static UsageRecord served(ProvisionedModel model, Instant at, Usage usage) {
    return new UsageRecord(
        "req-" + ++served + "-" + KeySecrets.randomToken(6),
        at,
        at.plusSeconds(1),
        OWNER,
        "bedrock",
        "chat",
        model.name(),
        model.arn(),
        "bedrock",
        usage,
        UsageSource.PROVIDER,
        Money.ZERO,
        "provisioned",
        Tier.PROVISIONED,
        false,
        "ok",
        200,
        900,
        OptionalLong.empty());
  }

  /** Passes records on to the SQL ledger and keeps a copy of each. */
  private record RecordingLedger(SqlLedger ledger, List<UsageRecord> written)
      implements dev.strata.core.ledger.Ledger {
    @Override
    public void append(UsageRecord record) {
      written.add(record);
      ledger.append(record);
    }

    @Override
    public void flush() {
      ledger.flush();
    }

    @Override
    public void close() {}
  }

  private void onDatabase(String kind, Consumer<Database> test) throws SQLException {
    if (kind.equals("sqlite")) {
      try (Database database = Database.open("jdbc:sqlite:" + dir.resolve("strata.db"))) {
        test.accept(database);
      }
      return;
    }
    String server = System.getenv("STRATA_TEST_POSTGRES_URL");
    String schema = "strata_ptu_" + KeySecrets.randomToken(8).toLowerCase(Locale.ROOT);
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
