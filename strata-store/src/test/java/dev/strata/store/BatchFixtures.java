package dev.strata.store;

import dev.strata.core.auth.KeySecrets;
import dev.strata.core.auth.Principal;
import dev.strata.core.batch.BatchApi;
import dev.strata.core.batch.BatchJob;
import dev.strata.core.batch.BatchQueue;
import dev.strata.core.batch.BatchRecord;
import dev.strata.core.batch.Execution;
import dev.strata.core.batch.RecordOutcome;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.ledger.UsageSource;
import dev.strata.core.model.Usage;
import dev.strata.core.money.Money;
import dev.strata.core.money.Tier;
import dev.strata.core.objectstore.ObjectRef;
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
import java.util.OptionalLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** Jobs, records, outcomes and databases for the batch queue's tests. */
final class BatchFixtures {
  static final Instant T0 = Instant.parse("2025-06-01T12:00:00.250Z");
  static final Principal OWNER =
      new Principal("key_batch", "acme", "search", "web", Map.of("env", "prod"));
  static final String VALIDATOR = "validator";

  private BatchFixtures() {}

  /** SQLite always; PostgreSQL too when STRATA_TEST_POSTGRES_URL names a server. */
  static Stream<String> databases() {
    String postgres = System.getenv("STRATA_TEST_POSTGRES_URL");
    return postgres == null || postgres.isBlank()
        ? Stream.of("sqlite")
        : Stream.of("sqlite", "postgresql");
  }

  /** Work on {@code count} separate {@link Database}s (as separate instances) over one database. */
  interface DatabasesTest {
    void run(List<Database> databases) throws Exception;
  }

  static void onDatabases(String kind, Path dir, int count, DatabasesTest test) throws Exception {
    if (kind.equals("sqlite")) {
      withDatabases("jdbc:sqlite:" + dir.resolve("strata.db"), count, test);
      return;
    }
    String server = System.getenv("STRATA_TEST_POSTGRES_URL");
    String schema = "strata_batch_" + KeySecrets.randomToken(8).toLowerCase(Locale.ROOT);
    execute(server, "CREATE SCHEMA " + schema);
    try {
      withDatabases(
          server + (server.contains("?") ? "&" : "?") + "currentSchema=" + schema, count, test);
    } finally {
      execute(server, "DROP SCHEMA " + schema + " CASCADE");
    }
  }

  private static void withDatabases(String url, int count, DatabasesTest test) throws Exception {
    List<Database> databases = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        databases.add(Database.open(url));
      }
      test.run(databases);
    } finally {
      for (Database database : databases) {
        database.close();
      }
    }
  }

  private static void execute(String url, String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** A just-submitted OpenAI job of {@link #OWNER}, expiring a day after it was created. */
  static BatchJob job(String id, Instant createdAt) {
    return BatchJob.submitted(
        id,
        BatchApi.OPENAI,
        "",
        OWNER,
        "gpt-4o-mini",
        "/v1/chat/completions",
        new ObjectRef("strata-files", "file-" + id),
        ObjectRef.parsePrefix("s3://strata-files"),
        createdAt,
        createdAt.plus(Duration.ofDays(1)),
        Map.of(),
        Map.of(),
        Optional.empty());
  }

  static List<BatchRecord> records(String jobId, int count) {
    return IntStream.range(0, count)
        .mapToObj(
            i -> BatchRecord.pending(jobId, i, "req-" + i, "{\"custom_id\":\"req-" + i + "\"}"))
        .toList();
  }

  /** Submits {@code job} and schedules {@code count} records for on-demand execution. */
  static BatchJob scheduled(BatchQueue queue, BatchJob job, int count, Instant now) {
    queue.submit(job);
    BatchJob leased = queue.leaseJob(job.id(), VALIDATOR, now, now.plusSeconds(60)).orElseThrow();
    BatchJob scheduled = leased.scheduled(count, Execution.ON_DEMAND, Optional.empty());
    queue.schedule(scheduled, records(job.id(), count), VALIDATOR);
    queue.releaseJob(job.id(), VALIDATOR, Optional.empty());
    return queue.job(job.id()).orElseThrow();
  }

  /** A succeeded record's outcome with a ledger record of 10 input and 5 output tokens. */
  static RecordOutcome success(String requestId, Instant at) {
    return new RecordOutcome(
        true, "{\"id\":\"" + requestId + "\"}", Optional.of(usage(requestId, at)));
  }

  static UsageRecord usage(String requestId, Instant at) {
    return new UsageRecord(
        requestId,
        at,
        at.plusMillis(400),
        OWNER,
        "openai",
        "chat",
        "gpt-4o-mini",
        "gpt-4o-mini",
        "openai",
        Usage.of(10, 5),
        UsageSource.PROVIDER,
        Money.ofPico(2_000),
        "gpt-4o-mini@2025-01-01 (test)",
        Tier.BATCH,
        false,
        "ok",
        200,
        400,
        OptionalLong.empty());
  }

  static long count(Database database, String sql) {
    return DatabaseTest.count(database, sql);
  }
}
