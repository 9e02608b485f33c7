package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash bound stated in docs/metering.md and on {@link SqlLedger}: a {@code kill -9} loses
 * only records not yet written — never one the ledger reported as written, and never more than
 * {@code queueCapacity + batchSize}.
 */
@Timeout(120)
class SqlLedgerCrashTest {
  private static final int QUEUE_CAPACITY = 2_000;
  private static final int BATCH_SIZE = 100;
  private static final int FLUSH_INTERVAL_MS = 100;

  @TempDir Path dir;

  @Test
  void killMinus9_losesNothingWrittenAndAtMostTheQueue() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("crash.db");
    Database.open(url).close(); // migrate first, so the child only appends
    Process child =
        new ProcessBuilder(
                List.of(
                    ProcessHandle.current().info().command().orElse("java"),
                    "-cp",
                    System.getProperty("java.class.path"),
                    "--enable-native-access=ALL-UNNAMED",
                    CrashingLedgerProcess.class.getName(),
                    url,
                    Integer.toString(QUEUE_CAPACITY),
                    Integer.toString(BATCH_SIZE),
                    Integer.toString(FLUSH_INTERVAL_MS)))
            .redirectErrorStream(true)
            .start();
    long appended = 0;
    long written = 0;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      // Kill once several batches are durable and the writer is busy with more.
      while ((line = out.readLine()) != null) {
        if (!line.startsWith("appended ")) {
          continue;
        }
        String[] parts = line.split(" ");
        appended = Long.parseLong(parts[1]);
        written = Long.parseLong(parts[3]);
        if (written >= 5 * BATCH_SIZE && appended > written) {
          child.destroyForcibly(); // SIGKILL: no shutdown hook, no drain
          break;
        }
      }
      child.waitFor();
    }

    long stored = countRecords(url);
    assertThat(written).isGreaterThanOrEqualTo(5 * BATCH_SIZE);
    assertThat(stored).as("every record reported written survives").isGreaterThanOrEqualTo(written);
    assertThat(appended - stored).as("lost records").isLessThanOrEqualTo(QUEUE_CAPACITY + BATCH_SIZE);
  }

  private static long countRecords(String url) throws Exception {
    try (Database database = Database.open(url)) {
      return database.read(
          "count records",
          connection -> {
            try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM usage_records")) {
              rows.next();
              return rows.getLong(1);
            }
          });
    }
  }
}
