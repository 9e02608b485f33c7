package dev.strata.store;

import static dev.strata.store.BatchFixtures.T0;
import static dev.strata.store.BatchFixtures.count;
import static dev.strata.store.BatchFixtures.job;
import static dev.strata.store.BatchFixtures.onDatabases;
import static dev.strata.store.BatchFixtures.scheduled;
import static dev.strata.store.BatchFixtures.success;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.batch.BatchQueue;
import dev.strata.core.batch.BatchRecord;
import dev.strata.core.batch.ClaimedRecord;
import dev.strata.core.batch.RecordOutcome;
import dev.strata.core.batch.RecordState;
import dev.strata.core.batch.RequestCounts;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Workers of several instances (separate {@link Database}s, so separate writers; on PostgreSQL,
 * concurrent transactions) and several queues of one instance race over the same jobs, while a
 * worker whose leases ran out tries to finish what it had claimed: every record is completed
 * exactly once and the ledger has exactly one row per record.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SqlBatchQueueConcurrencyTest {
  private static final int BIG = 160;
  private static final int SMALL = 60;
  private static final int CLAIM = 7;

  @TempDir Path dir;

  static Stream<String> databases() {
    return BatchFixtures.databases();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void racingWorkers_completeEveryRecordExactlyOnce_withOneLedgerRowEach(String kind)
      throws Exception {
    onDatabases(
        kind,
        dir,
        3,
        databases -> {
          TestClock clock = new TestClock(T0);
          SqlBatchQueue first = new SqlBatchQueue(databases.get(0), clock);
          scheduled(first, job("big", T0), BIG, T0);
          scheduled(first, job("small", T0.plusSeconds(1)), SMALL, T0);
          List<ClaimedRecord> stale = first.claimRecords("stalled", 20, T0, T0.plusSeconds(30));
          Instant now = T0.plusSeconds(31); // the stalled worker's leases have run out

          CountDownLatch start = new CountDownLatch(1);
          List<Callable<Integer>> workers =
              List.of(
                  () -> finishStale(first, stale, start, now),
                  () -> work(new SqlBatchQueue(databases.get(1), clock), "fast-a", start, now),
                  () -> work(new SqlBatchQueue(databases.get(1), clock), "fast-b", start, now),
                  () -> work(new SqlBatchQueue(databases.get(2), clock), "fast-c", start, now));
          ExecutorService pool = Executors.newFixedThreadPool(workers.size());
          int completed = 0;
          try {
            List<Future<Integer>> results = new ArrayList<>();
            for (Callable<Integer> worker : workers) {
              results.add(pool.submit(worker));
            }
            start.countDown();
            for (Future<Integer> result : results) {
              completed += result.get(100, TimeUnit.SECONDS);
            }
          } finally {
            pool.shutdownNow();
          }

          assertThat(completed).isEqualTo(BIG + SMALL);
          Database database = databases.get(0);
          assertThat(count(database, "SELECT COUNT(*) FROM usage_records")).isEqualTo(BIG + SMALL);
          assertThat(
                  count(
                      database,
                      "SELECT COUNT(*) FROM batch_records r JOIN usage_records u"
                          + " ON u.request_id = r.request_id AND r.state = 'succeeded'"))
              .isEqualTo(BIG + SMALL);
          assertThat(count(database, "SELECT SUM(requests) FROM usage_rollups_hourly"))
              .isEqualTo(BIG + SMALL);
          assertThat(first.job("big").orElseThrow().counts())
              .isEqualTo(new RequestCounts(BIG, BIG, 0));
          assertThat(first.job("small").orElseThrow().counts())
              .isEqualTo(new RequestCounts(SMALL, SMALL, 0));
          assertThat(first.records("big", 0, BIG)).allSatisfy(r -> assertDoneOnce(r, "big"));
          assertThat(first.jobsNeedingAttention(now, 10)).containsExactly("big", "small");
        });
  }

  private static void assertDoneOnce(BatchRecord record, String jobId) {
    assertThat(record.state()).isEqualTo(RecordState.SUCCEEDED);
    assertThat(record.output()).isPresent();
    assertThat(record.output().get()).endsWith("-" + jobId + "-" + record.index() + "\"}");
  }

  /** The stalled worker wakes up and tries to complete what it claimed long ago. */
  private static int finishStale(
      BatchQueue queue, List<ClaimedRecord> stale, CountDownLatch start, Instant now)
      throws InterruptedException {
    start.await();
    int completed = 0;
    for (ClaimedRecord record : stale) {
      if (queue.complete(
          "stalled", record.jobId(), record.index(), outcome("stalled", record), now)) {
        completed++;
      }
    }
    return completed;
  }

  /** Claims and completes records until none is left unfinished; returns how many it completed. */
  private static int work(BatchQueue queue, String worker, CountDownLatch start, Instant now)
      throws InterruptedException {
    start.await();
    int completed = 0;
    while (true) {
      List<ClaimedRecord> claimed = queue.claimRecords(worker, CLAIM, now, now.plusSeconds(3_600));
      if (claimed.isEmpty()) {
        if (!queue.hasUnfinishedRecords("big") && !queue.hasUnfinishedRecords("small")) {
          return completed;
        }
        LockSupport.parkNanos(1_000_000); // other workers hold the last records: poll again
        continue;
      }
      for (ClaimedRecord record : claimed) {
        if (queue.complete(worker, record.jobId(), record.index(), outcome(worker, record), now)) {
          completed++;
        }
      }
    }
  }

  private static RecordOutcome outcome(String worker, ClaimedRecord record) {
    return success(worker + "-" + record.jobId() + "-" + record.index(), T0);
  }
}
