package dev.strata.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.ledger.UsageRecord;
import dev.strata.store.Database;
import dev.strata.store.SqlLedgerReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerInsertBenchmarkTest {
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

  @Test
  void bothLedgersStoreEveryRecord_chunkByChunk_alternating(@TempDir Path folder)
      throws Exception {
    List<LedgerInsertBenchmark.Chunk> chunks = LedgerInsertBenchmark.run(folder, 900, 3, 50, out);

    assertThat(chunks)
        .extracting(LedgerInsertBenchmark.Chunk::scheme)
        .containsExactly(
            LedgerInsertBenchmark.IdScheme.RANDOM,
            LedgerInsertBenchmark.IdScheme.TIME_ORDERED,
            LedgerInsertBenchmark.IdScheme.TIME_ORDERED,
            LedgerInsertBenchmark.IdScheme.RANDOM,
            LedgerInsertBenchmark.IdScheme.RANDOM,
            LedgerInsertBenchmark.IdScheme.TIME_ORDERED);
    assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.wallMicros()).isPositive());
    assertThat(stored(folder.resolve("random.db"))).hasSize(900);
    assertThat(stored(folder.resolve("ordered.db"))).hasSize(900);
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("random       records       601 to       900")
        .contains("time-ordered records       601 to       900");
  }

  @Test
  void timeOrderedIds_sortLikeTheRecordsArrival_randomOnesDoNot(@TempDir Path folder)
      throws Exception {
    LedgerInsertBenchmark.run(folder, 400, 2, 100, out);

    // latest() is newest first; reversed, the arrival order
    List<String> ordered =
        stored(folder.resolve("ordered.db")).reversed().stream().map(UsageRecord::requestId).toList();
    List<String> random =
        stored(folder.resolve("random.db")).reversed().stream().map(UsageRecord::requestId).toList();
    assertThat(ordered).isSorted();
    assertThat(random).isNotEqualTo(random.stream().sorted().toList());
  }

  @Test
  void badOptions_printUsageAndExitWith2() throws Exception {
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    int status =
        LedgerInsertBenchmark.execute(
            out, new PrintStream(errors, true, StandardCharsets.UTF_8), "--chunks", "1");

    assertThat(status).isEqualTo(2);
    assertThat(errors.toString(StandardCharsets.UTF_8))
        .contains("--chunks at least 2")
        .contains("usage: bench ledger-inserts");
  }

  @Test
  void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    assertThat(LedgerInsertBenchmark.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    assertThat(LedgerInsertBenchmark.median(new double[] {5, 1, 3})).isEqualTo(3);
  }

  private static List<UsageRecord> stored(Path file) throws Exception {
    try (Database database = Database.open("jdbc:sqlite:" + file)) {
      return new SqlLedgerReader(database).latest(SqlLedgerReader.MAX_LATEST);
    }
  }
}
