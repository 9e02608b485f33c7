package dev.strata.store;

import static dev.strata.store.UsageRecords.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.auth.NewKey;
import dev.strata.core.auth.Principal;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.ledger.UsageSource;
import dev.strata.core.model.Usage;
import dev.strata.core.money.Money;
import dev.strata.core.money.Tier;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SqlLedgerTest {
  private static final LedgerOptions NEVER_BY_ITSELF =
      new LedgerOptions(1_000, 10_000, Duration.ofHours(1));

  @TempDir Path dir;
  private String url;
  private Database database;

  @BeforeEach
  void open() {
    url = "jdbc:sqlite:" + dir.resolve("strata.db");
    database = Database.open(url);
  }

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void aRecordRoundTripsFieldByField() {
    UsageRecord full =
        new UsageRecord(
            "req_full",
            Instant.parse("2025-03-01T10:15:30.123Z"),
            Instant.parse("2025-03-01T10:15:32.456Z"),
            new Principal(
                "key_1", "acme", "search", "web", Map.of("env", "prod", "cost-centre", "42")),
            "bedrock",
            "chat",
            "smart-router",
            "anthropic.claude-3-haiku",
            "bedrock",
            new Usage(1_200, 340, 5_000, 700, 80),
            UsageSource.ESTIMATED,
            Money.ofPico(123_456_789_012L),
            "anthropic.claude-3-haiku@2025-01-01 (aws pricing page)",
            Tier.BATCH,
            true,
            "upstream_error",
            502,
            2_333,
            OptionalLong.of(412));
    UsageRecord sparse =
        new UsageRecord(
            "req_sparse",
            Instant.parse("2025-03-01T10:15:29Z"),
            Instant.parse("2025-03-01T10:15:29Z"),
            new Principal("key_2", null, null, null, Map.of()),
            "openai",
            "embeddings",
            "nope",
            "",
            "",
            Usage.ZERO,
            UsageSource.PROVIDER,
            Money.ZERO,
            "none",
            Tier.ON_DEMAND,
            false,
            "not_found",
            404,
            0,
            OptionalLong.empty());
    SqlLedger ledger = new SqlLedger(database);
    ledger.append(full);
    ledger.append(sparse);
    ledger.flush();

    assertThat(new SqlLedgerReader(database).latest(10)).containsExactly(full, sparse);
    ledger.close();
  }

  @Test
  void concurrentAppends_thenClose_storeEveryRecord() throws Exception {
    int threads = 8;
    int perThread = 1_250;
    SqlLedger ledger = new SqlLedger(database, new LedgerOptions(256, 64, Duration.ofMillis(20)));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> appenders = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      appenders.add(
          pool.submit(
              () -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                  ledger.append(UsageRecords.simple("req-" + thread + "-" + i));
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> appender : appenders) {
      appender.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    ledger.close();

    assertThat(ledger.appended()).isEqualTo(10_000);
    assertThat(ledger.written()).isEqualTo(10_000);
    assertThat(ledger.pending()).isZero();
    try (Database other = Database.open(url)) {
      assertThat(DatabaseTest.count(other, "SELECT COUNT(*) FROM usage_records")).isEqualTo(10_000);
    }
  }

  @Test
  void appendAfterClose_throws_andCloseTwiceIsHarmless() {
    SqlLedger ledger = new SqlLedger(database);
    ledger.append(UsageRecords.simple("req-1"));
    ledger.close();
    ledger.close();
    ledger.flush();

    assertThatThrownBy(() -> ledger.append(UsageRecords.simple("req-2")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThat(DatabaseTest.count(database, "SELECT COUNT(*) FROM usage_records")).isEqualTo(1);
  }

  @Test
  void aDuplicateRequestId_isStoredOnce_firstCopyWins() {
    SqlLedger ledger = new SqlLedger(database);
    UsageRecord first = UsageRecords.simple("req-dup");
    ledger.append(first);
    ledger.flush();
    ledger.append(first);
    ledger.append(
        UsageRecords.record(
            "req-dup", T0, "key_other", "other-model", Usage.of(1, 1), Money.ofPico(9)));
    ledger.close();

    assertThat(new SqlLedgerReader(database).latest(10)).containsExactly(first);
    assertThat(ledger.written()).isEqualTo(3);
  }

  @Test
  void flush_makesRecordsVisibleToAnotherConnection() {
    SqlLedger ledger = new SqlLedger(database, NEVER_BY_ITSELF);
    try (Database other = Database.open(url)) {
      SqlLedgerReader reader = new SqlLedgerReader(other);
      for (int i = 0; i < 10; i++) {
        ledger.append(UsageRecords.simple("req-" + i));
      }
      // Neither the batch size nor the interval is reached: only flush() writes.
      assertThat(ledger.pending()).isEqualTo(10);
      assertThat(reader.latest(100)).isEmpty();

      ledger.flush();

      assertThat(ledger.pending()).isZero();
      assertThat(reader.latest(100)).hasSize(10);
    } finally {
      ledger.close();
    }
  }

  @Test
  void recordsAreStoredWithinTheFlushInterval_withoutAFlush() throws InterruptedException {
    SqlLedger ledger =
        new SqlLedger(database, new LedgerOptions(1_000, 512, Duration.ofMillis(10)));
    try {
      ledger.append(UsageRecords.simple("req-1"));

      awaitTrue(() -> ledger.written() == 1);
      assertThat(new SqlLedgerReader(database).latest(1)).hasSize(1);
    } finally {
      ledger.close();
    }
  }

  @Test
  void anotherDatabaseOnTheSameFile_writesWhileTheLedgerWrites() throws Exception {
    SqlLedger ledger = new SqlLedger(database, new LedgerOptions(1_000, 50, Duration.ofMillis(5)));
    int records = 3_000;
    int otherWrites = 100;
    try (Database other = Database.open(url)) {
      CompletableFuture<Void> appending =
          CompletableFuture.runAsync(
              () -> {
                for (int i = 0; i < records; i++) {
                  ledger.append(UsageRecords.simple("req-" + i));
                }
              });
      Settings settings = new Settings(other);
      SqlKeyStore keys = new SqlKeyStore(other, Clock.systemUTC());
      for (int i = 0; i < otherWrites; i++) {
        settings.put("setting-" + i, "v");
        keys.create(new NewKey("key " + i, "acme", "", "", Map.of()));
      }
      appending.get(60, TimeUnit.SECONDS);
      ledger.close();

      assertThat(DatabaseTest.count(other, "SELECT COUNT(*) FROM usage_records"))
          .isEqualTo(records);
      assertThat(DatabaseTest.count(other, "SELECT COUNT(*) FROM settings")).isEqualTo(otherWrites);
      assertThat(DatabaseTest.count(other, "SELECT COUNT(*) FROM api_keys")).isEqualTo(otherWrites);
    }
  }

  @Test
  void aFailingBatch_isRetriedUntilStored_andAppendsWaitMeanwhile() throws Exception {
    CapturedWarnings warnings = CapturedWarnings.of(LedgerWriter.class);
    SqlLedger ledger = new SqlLedger(database, new LedgerOptions(2, 1, Duration.ofMillis(1)));
    try (Database other = Database.open(url)) {
      renameLedgerTable(other, "usage_records", "usage_records_away");

      CompletableFuture<Void> appending =
          CompletableFuture.runAsync(
              () -> {
                for (int i = 0; i < 5; i++) {
                  ledger.append(UsageRecords.simple("req-" + i));
                }
              });
      // The writer holds one record and the queue two: the appender must wait, not drop.
      awaitTrue(() -> warnings.contains("could not store a batch of 1 ledger records"));
      awaitTrue(() -> ledger.appended() == 4);
      assertThat(appending).isNotDone();

      renameLedgerTable(other, "usage_records_away", "usage_records");
      appending.get(60, TimeUnit.SECONDS);
      ledger.close();

      assertThat(DatabaseTest.count(other, "SELECT COUNT(*) FROM usage_records")).isEqualTo(5);
      assertThat(ledger.written()).isEqualTo(5);
    } finally {
      warnings.close();
    }
  }

  @Test
  void options_failFastOnNonsense() {
    assertThatThrownBy(() -> new LedgerOptions(0, 1, Duration.ofMillis(1)))
        .hasMessageContaining("queueCapacity");
    assertThatThrownBy(() -> new LedgerOptions(1, 0, Duration.ofMillis(1)))
        .hasMessageContaining("batchSize");
    assertThatThrownBy(() -> new LedgerOptions(1, 1, Duration.ZERO))
        .hasMessageContaining("flushInterval");
    assertThat(LedgerOptions.DEFAULTS)
        .isEqualTo(new LedgerOptions(65_536, 512, Duration.ofMillis(100)));
  }

  private static void renameLedgerTable(Database database, String from, String to) {
    database.write(
        "renaming the ledger table",
        c -> c.createStatement().executeUpdate("ALTER TABLE " + from + " RENAME TO " + to));
  }

  private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met within 30 s").isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  /** Collects the messages a class logs while a test runs. */
  private static final class CapturedWarnings extends Handler implements AutoCloseable {
    private final Logger logger;
    private final List<String> messages = new ArrayList<>();

    private CapturedWarnings(Logger logger) {
      this.logger = logger;
    }

    static CapturedWarnings of(Class<?> source) {
      Logger logger = Logger.getLogger(source.getName());
      CapturedWarnings captured = new CapturedWarnings(logger);
      logger.addHandler(captured);
      return captured;
    }

    synchronized boolean contains(String text) {
      return messages.stream().anyMatch(message -> message.contains(text));
    }

    @Override
    public synchronized void publish(LogRecord record) {
      messages.add(record.getMessage());
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
      logger.removeHandler(this);
    }
  }
}
