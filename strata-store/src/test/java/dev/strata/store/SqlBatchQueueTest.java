package dev.strata.store;

import static dev.strata.store.BatchFixtures.OWNER;
import static dev.strata.store.BatchFixtures.T0;
import static dev.strata.store.BatchFixtures.VALIDATOR;
import static dev.strata.store.BatchFixtures.count;
import static dev.strata.store.BatchFixtures.job;
import static dev.strata.store.BatchFixtures.onDatabases;
import static dev.strata.store.BatchFixtures.records;
import static dev.strata.store.BatchFixtures.scheduled;
import static dev.strata.store.BatchFixtures.success;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.auth.Principal;
import dev.strata.core.batch.BatchApi;
import dev.strata.core.batch.BatchError;
import dev.strata.core.batch.BatchJob;
import dev.strata.core.batch.BatchListQuery;
import dev.strata.core.batch.BatchRecord;
import dev.strata.core.batch.BatchStatus;
import dev.strata.core.batch.ClaimedRecord;
import dev.strata.core.batch.Execution;
import dev.strata.core.batch.LeaseLostException;
import dev.strata.core.batch.NativeBatch;
import dev.strata.core.batch.RecordOutcome;
import dev.strata.core.batch.RecordState;
import dev.strata.core.batch.RequestCounts;
import dev.strata.core.model.Usage;
import dev.strata.core.objectstore.ObjectRef;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The durable batch queue on SQLite, and on PostgreSQL when STRATA_TEST_POSTGRES_URL is set. */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SqlBatchQueueTest {
  private static final Instant LATER = T0.plusSeconds(60);

  @TempDir Path dir;
  private final TestClock clock = new TestClock(T0);

  static Stream<String> databases() {
    return BatchFixtures.databases();
  }

  private void onQueue(String kind, QueueTest test) throws Exception {
    onDatabases(
        kind,
        dir,
        1,
        databases -> test.run(new SqlBatchQueue(databases.get(0), clock), databases.get(0)));
  }

  private interface QueueTest {
    void run(SqlBatchQueue queue, Database database) throws Exception;
  }

  @ParameterizedTest
  @MethodSource("databases")
  void submit_storesEveryFieldOfTheJob_andItReadsBackUnchanged(String kind) throws Exception {
    onQueue(
        kind,
        (queue, database) -> {
          BatchJob submitted =
              BatchJob.submitted(
                  "job-1",
                  BatchApi.BEDROCK,
                  "nightly summaries",
                  new Principal("key_b", "acme", "ml", "etl", Map.of("cost-center", "42")),
                  "anthropic.claude-3-haiku",
                  "invoke",
                  ObjectRef.parse("s3://in-bucket/batches/input.jsonl"),
                  ObjectRef.parsePrefix("s3://out-bucket/results/"),
                  T0,
                  T0.plus(Duration.ofHours(72)),
                  Map.of("project", "alpha"),
                  Map.of("roleArn", "arn:aws:iam::123:role/x"),
                  Optional.of("token-1"));
          assertThat(queue.submit(submitted)).isEqualTo(submitted);
          assertThat(queue.job("job-1")).contains(submitted);

          queue.leaseJob("job-1", "w", T0, LATER);
          BatchJob changed =
              submitted
                  .scheduled(
                      3,
                      Execution.NATIVE,
                      Optional.of(new NativeBatch("bedrock", "claude-3", "up-7")))
                  .withStatus(BatchStatus.IN_PROGRESS, T0.plusMillis(5))
                  .withOutput(ObjectRef.parsePrefix("s3://out-bucket/results/job-1"))
                  .withFiles(Optional.of("file-out"), Optional.of("file-err"))
                  .failed(
                      List.of(
                          BatchError.atLine(2, "invalid_json", "body", "Line 2: not JSON"),
                          BatchError.ofJob("expired", "too slow")),
                      T0.plusMillis(9));
          queue.saveJob(changed, "w");
          assertThat(queue.job("job-1")).contains(changed);
          assertThat(queue.job("job-2")).isEmpty();
        });
  }

  @ParameterizedTest
  @MethodSource("databases")
  void submit_withATokenTheKeyUsedBefore_returnsTheFirstJob_andStoresNothing(String kind)
      throws Exception {
    onQueue(
        kind,
        (queue, database) -> {
          BatchJob first = withToken(job("job-1", T0), OWNER, "tok");
          assertThat(queue.submit(first)).isEqualTo(first);
          assertThat(queue.submit(withToken(job("job-2", LATER), OWNER, "tok"))).isEqualTo(first);
          assertThat(queue.job("job-2")).isEmpty();

          Principal other = new Principal("key_other", "acme", "", "", Map.of());
          BatchJob sameTokenOtherKey = withToken(job("job-3", LATER), other, "tok");
          assertThat(queue.submit(sameTokenOtherKey)).isEqualTo(sameTokenOtherKey);
          assertThat(queue.submit(job("job-4", LATER))).isEqualTo(job("job-4", LATER));
          assertThat(queue.submit(job("job-5", LATER))).isEqualTo(job("job-5", LATER));
          assertThat(count(database, "SELECT COUNT(*) FROM batch_jobs")).isEqualTo(4);

          assertThatThrownBy(() -> queue.submit(job("job-4", LATER))).hasMessageContaining("job-4");
        });
  }

  @ParameterizedTest
  @MethodSource("databases")
  void list_filtersByApiTenantStatusAndName_newestFirst_pageByPage(String kind) throws Exception {
    onQueue(
        kind,
        (queue, database) -> {
          for (int i = 0; i < 5; i++) {
            queue.submit(
                named(
                    job("job-" + i, T0.plusSeconds(i)),
                    i % 2 == 0 ? "Nightly run " + i : "adhoc " + i));
          }
          queue.submit(job("job-same-time", T0.plusSeconds(4)));
          Principal otherTenant = new Principal("key_x", "globex", "", "", Map.of());
          queue.submit(withOwner(job("job-other-tenant", T0.plusSeconds(9)), otherTenant));
          queue.submit(bedrock(job("job-bedrock", T0.plusSeconds(9))));
          queue.requestCancel("job-1");

          assertThat(
                  ids(queue.list(query(Optional.empty(), Optional.empty(), Optional.empty(), 100))))
              .containsExactly("job-same-time", "job-4", "job-3", "job-2", "job-1", "job-0");
          assertThat(
                  ids(
                      queue.list(
                          query(
                              Optional.empty(),
                              Optional.empty(),
                              Optional.of("job-same-time"),
                              2))))
              .containsExactly("job-4", "job-3");
          assertThat(
                  ids(
                      queue.list(
                          query(Optional.empty(), Optional.empty(), Optional.of("job-4"), 1))))
              .containsExactly("job-3");
          assertThat(
                  ids(
                      queue.list(
                          query(
                              Optional.of(BatchStatus.CANCELLING),
                              Optional.empty(),
                              Optional.empty(),
                              10))))
              .containsExactly("job-1");
          assertThat(
                  ids(
                      queue.list(
                          query(Optional.empty(), Optional.of("Nightly"), Optional.empty(), 10))))
              .containsExactly("job-4", "job-2", "job-0");
          assertThat(
                  queue.list(query(Optional.empty(), Optional.of("nightly"), Optional.empty(), 10)))
              .as("the name filter is case-sensitive on every database")
              .isEmpty();
          assertThat(queue.list(query(Optional.empty(), Optional.of("%"), Optional.empty(), 10)))
              .as("no LIKE wildcards")
              .isEmpty();
          assertThat(
                  queue.list(
                      query(Optional.empty(), Optional.empty(), Optional.of("no-such-job"), 10)))
              .isEmpty();
          assertThat(
                  ids(
                      queue.list(
                          new BatchListQuery(
                              BatchApi.BEDROCK,
                              "acme",
                              Optional.empty(),
                              Optional.empty(),
                              Optional.empty(),
                              10))))
              .containsExactly("job-bedrock");
          assertThat(
                  ids(
                      queue.list(
                          new BatchListQuery(
                              BatchApi.OPENAI,
                              "globex",
                              Optional.empty(),
                              Optional.empty(),
                              Optional.empty(),
                              10))))
              .containsExactly("job-other-tenant");
        });
  }

  @ParameterizedTest
  @MethodSource("databases")
  void claimRecords_leasesRunnableRecordsOldestJobFirstInIndexOrder_andStartsTheirJobs(String kind)
      throws Exception {
    onQueue(
        kind,
        (queue, database) -> {
          scheduled(queue, job("old", T0), 3, T0);
          scheduled(queue, job("new", T0.plusSeconds(1)), 2, T0);
          BatchJob nativeJob = job("native", T0.minusSeconds(10));
          queue.submit(nativeJob);
          queue.leaseJob("native", VALIDATOR, T0, LATER);
          queue.schedule(
              nativeJob.scheduled(2, Execution.NATIVE, Optional.empty()),
              records("native", 2),
              VALIDATOR);
          scheduled(queue, job("cancelled", T0.minusSeconds(5)), 2, T0);
          queue.requestCancel("cancelled");
          scheduled(queue, job("expired", T0.minus(Duration.ofDays(2))), 2, T0);

          List<ClaimedRecord> first = queue.claimRecords("w1", 4, T0, LATER);
          assertThat(first)
              .extracting(r -> r.jobId() + "#" + r.index())
              .containsExactly("old#0", "old#1", "old#2", "new#0");
          assertThat(first.get(0).customId()).isEqualTo("req-0");
          assertThat(first.get(0).input()).isEqualTo("{\"custom_id\":\"req-0\"}");
          assertThat(first).extracting(ClaimedRecord::attempts).containsOnly(1);
          assertThat(queue.job("old").orElseThrow().status()).isEqualTo(BatchStatus.IN_PROGRESS);
          assertThat(queue.job("old").orElseThrow().startedAt()).contains(T0);
          assertThat(queue.job("new").orElseThrow().status()).isEqualTo(BatchStatus.IN_PROGRESS);

          assertThat(queue.claimRecords("w2", 10, T0, LATER))
              .extracting(r -> r.jobId() + "#" + r.index())
              .containsExactly("new#1");
          assertThat(queue.claimRecords("w2", 10, T0, LATER)).isEmpty();
          assertThat(queue.records("old", 0, 10))
              .extracting(BatchRecord::state)
              .containsOnly(RecordState.LEASED);
          assertThat(queue.records("native", 0, 10))
              .extracting(BatchRecord::state)
              .containsOnly(RecordState.PENDING);
        });
  }

  @ParameterizedTest
  @MethodSource("databases")
  void anExpiredLease_letsAnotherWorkerTakeTheRecord_andTheFirstCannotCompleteIt(String kind)
      throws Exception {
    onQueue(
        kind,
        (queue, database) -> {
          scheduled(queue, job("job", T0), 1, T0);
          assertThat(queue.claimRecords("w1", 1, T0, T0.plusSeconds(30))).hasSize(1);
          assertThat(queue.claimRecords("w2", 1, T0.plusSeconds(29), T0.plusSeconds(90))).isEmpty();

          List<ClaimedRecord> taken =
              queue.claimRecords("w2", 1, T0.plusSeconds(30), T0.plusSeconds(90));
          assertThat(taken).singleElement().satisfies(r -> assertThat(r.attempts()).isEqualTo(2));

          assertThat(queue.complete("w1", "job", 0, success("req-w1", T0), T0.plusSeconds(31)))
              .isFalse();
          assertThat(queue.retryLater("w1", "job", 0, T0.plusSeconds(40))).isFalse();
          assertThat(count(database, "SELECT COUNT(*) FROM usage_records")).isZero();
          assertThat(queue.job("job").orElseThrow().counts()).isEqualTo(new RequestCounts(1, 0, 0));

          assertThat(queue.complete("w2", "job", 0, success("req-w2", T0), T0.plusSeconds(32)))
              .isTrue();
          assertThat(queue.complete("w2", "job", 0, success("req-w2b", T0), T0.plusSeconds(33)))
              .as("a record is completed once")
              .isFalse();
          assertThat(count(database, "SELECT COUNT(*) FROM usage_records")).isEqualTo(1);
          assertThat(
                  count(database, "SELECT COUNT(*) FROM usage_records WHERE request_id = 'req-w2'"))
              .isEqualTo(1);
        });
  }

  @ParameterizedTest
  @MethodSource("databases")
  void complete_storesOutputUsageLedgerRowRollupsAndCounts_andTheLastRecordAsksForAttention(
      String kind) throws Exception {
    onQueue(
        kind,
        (queue, database) -> {
          scheduled(queue, job("job", T0), 2, T0);
          assertThat(queue.jobsNeedingAttention(T0, 10)).isEmpty();
          queue.claimRecords("w", 2, T0, LATER);

          assertThat(queue.complete("w", "job", 0, success("req-a", T0), T0.plusSeconds(1)))
              .isTrue();
          assertThat(queue.hasUnfinishedRecords("job")).isTrue();
          assertThat(queue.jobsNeedingAttention(T0.plusSeconds(1), 10)).isEmpty();
          RecordOutcome failure = new RecordOutcome(false, "{\"error\":\"bad\"}", Optional.empty());
          assertThat(queue.complete("w", "job", 1, failure, T0.plusSeconds(2))).isTrue();

          assertThat(queue.hasUnfinishedRecords("job")).isFalse();
          assertThat(queue.jobsNeedingAttention(T0.plusSeconds(2), 10)).containsExactly("job");
          assertThat(queue.job("job").orElseThrow().counts()).isEqualTo(new RequestCounts(2, 1, 1));
          assertThat(queue.records("job", 0, 10))
              .containsExactly(
                  new BatchRecord(
                      "job",
                      0,
                      "req-0",
                      "{\"custom_id\":\"req-0\"}",
                      RecordState.SUCCEEDED,
                      Optional.of("{\"id\":\"req-a\"}"),
                      1,
                      Usage.of(10, 5)),
                  new BatchRecord(
                      "job",
                      1,
                      "req-1",
                      "{\"custom_id\":\"req-1\"}",
                      RecordState.FAILED,
                      Optional.of("{\"error\":\"bad\"}"),
                      1,
                      Usage.ZERO));
          assertThat(count(database, "SELECT COUNT(*) FROM usage_records WHERE tier = 'batch'"))
              .isEqualTo(1);
          assertThat(count(database, "SELECT SUM(requests) FROM usage_rollups_hourly"))
              .isEqualTo(1);
          assertThat(count(database, "SELECT SUM(cost_pico) FROM usage_rollups_daily"))
              .isEqualTo(2_000);
        });
  }

  @ParameterizedTest
  @MethodSource("databases")
  void retryLater_givesTheRecordBack_andNoWorkerTakesItBeforeNotBefore(String kind)
      throws Exception {
    onQueue(
        kind,
        (queue, database) -> {
          scheduled(queue, job("job", T0), 1, T0);
          queue.claimRecords("w", 1, T0, LATER);
          assertThat(queue.retryLater("other", "job", 0, T0.plusSeconds(10))).isFalse();
          assertThat(queue.retryLater("w", "job", 0, T0.plusSeconds(10))).isTrue();
          assertThat(queue.records("job", 0, 1))
              .singleElement()
              .satisfies(r -> assertThat(r.state()).isEqualTo(RecordState.PENDING));
          assertThat(queue.complete("w", "job", 0, success("req", T0), T0)).isFalse();

          assertThat(queue.claimRecords("w", 1, T0.plusMillis(9_999), LATER)).isEmpty();
          assertThat(queue.claimRecords("w2", 1, T0.plusSeconds(10), LATER))
              .singleElement()
              .satisfies(r -> assertThat(r.attempts()).isEqualTo(2));
        });
  }

  @ParameterizedTest
  @MethodSource("databases")
  void completeNative_storesOutcomesOfPendingRecordsWithTheirLedgerRows_onlyUnderTheJobLease(
      String kind) throws Exception {
    onQueue(
        kind,
        (queue, database) -> {
          BatchJob job = job("native", T0);
          queue.submit(job);
          queue.leaseJob("native", "w", T0, LATER);
          queue.schedule(
              job.scheduled(
                  3,
                  Execution.NATIVE,
                  Optional.of(new NativeBatch("openai", "gpt-4o-mini", "batch_up"))),
              records("native", 3),
              "w");
          queue.releaseJob("native", "w", Optional.empty());
          queue.leaseJob("native", "w", T0, LATER);

          assertThatThrownBy(
                  () ->
                      queue.completeNative("intruder", "native", Map.of(0, success("r0", T0)), T0))
              .isInstanceOf(LeaseLostException.class);
          assertThat(
                  queue.completeNative(
                      "w", "native", Map.of(0, success("r0", T0), 2, success("r2", T0)), T0))
              .isEqualTo(2);
          assertThat(queue.completeNative("w", "native", Map.of(0, success("r0-again", T0)), T0))
              .as("a done record is not stored again")
              .isZero();
          assertThat(
                  queue.completeNative(
                      "w",
                      "native",
                      Map.of(1, new RecordOutcome(false, "{}", Optional.empty())),
                      T0))
              .isEqualTo(1);

          assertThat(queue.job("native").orElseThrow().counts())
              .isEqualTo(new RequestCounts(3, 2, 1));
          assertThat(count(database, "SELECT COUNT(*) FROM usage_records")).isEqualTo(2);
          assertThat(
                  count(
                      database, "SELECT COUNT(*) FROM usage_records WHERE request_id = 'r0-again'"))
              .isZero();
          assertThat(queue.records("native", 0, 3))
              .extracting(BatchRecord::state)
              .containsExactly(RecordState.SUCCEEDED, RecordState.FAILED, RecordState.SUCCEEDED);
          assertThat(queue.hasUnfinishedRecords("native")).isFalse();
          queue.releaseJob("native", "w", Optional.empty());
          assertThat(queue.jobsNeedingAttention(T0, 10))
              .as("its last record asked for attention while it was leased")
              .containsExactly("native");
        });
  }

  @ParameterizedTest
  @MethodSource("databases")
  void skipPending_skipsPendingAndAbandonedRecords_butLetsLiveLeasesFinish(String kind)
      throws Exception {
    onQueue(
        kind,
        (queue, database) -> {
          scheduled(queue, job("job", T0), 4, T0);
          queue.claimRecords("dead", 1, T0, T0.plusSeconds(10)); // record 0, lease runs out
          queue.claimRecords("live", 1, T0, T0.plusSeconds(600)); // record 1
          queue.requestCancel("job");
          clock.advance(Duration.ofSeconds(11));

          assertThat(queue.skipPending("job")).isEqualTo(3);
          assertThat(queue.records("job", 0, 4))
              .extracting(BatchRecord::state)
              .containsExactly(
                  RecordState.SKIPPED,
                  RecordState.LEASED,
                  RecordState.SKIPPED,
                  RecordState.SKIPPED);
          assertThat(queue.hasUnfinishedRecords("job")).isTrue();
          assertThat(queue.complete("dead", "job", 0, success("late", T0), T0.plusSeconds(12)))
              .isFalse();
          assertThat(queue.claimRecords("w", 10, T0.plusSeconds(12), LATER)).isEmpty();

          assertThat(queue.complete("live", "job", 1, success("done", T0), T0.plusSeconds(12)))
              .isTrue();
          assertThat(queue.hasUnfinishedRecords("job")).isFalse();
          assertThat(queue.job("job").orElseThrow().counts()).isEqualTo(new RequestCounts(4, 1, 0));
          assertThat(queue.skipPending("job")).isZero();
        });
  }

  @ParameterizedTest
  @MethodSource("databases")
  void renewLeases_keepsRecordsAndJobsFromBeingTaken_andReleaseLeasesGivesThemBack(String kind)
      throws Exception {
    onQueue(
        kind,
        (queue, database) -> {
          scheduled(queue, job("job", T0), 2, T0);
          queue.submit(job("other", T0));
          queue.claimRecords("w", 2, T0, T0.plusSeconds(30));
          assertThat(queue.leaseJob("other", "w", T0, T0.plusSeconds(30))).isPresent();
          Instant afterFirstLease = T0.plusSeconds(31);

          queue.renewLeases("w", T0.plusSeconds(120));
          assertThat(queue.claimRecords("w2", 2, afterFirstLease, T0.plusSeconds(200))).isEmpty();
          assertThat(queue.leaseJob("other", "w2", afterFirstLease, T0.plusSeconds(200))).isEmpty();
          assertThat(queue.jobsNeedingAttention(afterFirstLease, 10)).isEmpty();

          queue.releaseLeases("w");
          assertThat(queue.records("job", 0, 2))
              .extracting(BatchRecord::state)
              .containsOnly(RecordState.PENDING);
          assertThat(queue.jobsNeedingAttention(afterFirstLease, 10)).containsExactly("other");
          assertThat(queue.claimRecords("w2", 2, afterFirstLease, T0.plusSeconds(200)))
              .extracting(ClaimedRecord::attempts)
              .containsExactly(2, 2);
          assertThat(queue.complete("w", "job", 0, success("x", T0), afterFirstLease)).isFalse();
        });
  }

  @ParameterizedTest
  @MethodSource("databases")
  void records_pagesThroughAJobInIndexOrder(String kind) throws Exception {
    onQueue(
        kind,
        (queue, database) -> {
          scheduled(queue, job("job", T0), 7, T0);
          scheduled(queue, job("neighbour", T0), 3, T0);
          assertThat(queue.records("job", 0, 3))
              .extracting(BatchRecord::index)
              .containsExactly(0, 1, 2);
          assertThat(queue.records("job", 3, 3))
              .extracting(BatchRecord::index)
              .containsExactly(3, 4, 5);
          assertThat(queue.records("job", 6, 3)).extracting(BatchRecord::index).containsExactly(6);
          assertThat(queue.records("job", 7, 3)).isEmpty();
          assertThat(queue.records("missing", 0, 3)).isEmpty();
        });
  }

  @ParameterizedTest
  @MethodSource("databases")
  void attention_comesOnSubmission_returnsWhenALeaseRunsOut_andGoesWithRelease(String kind)
      throws Exception {
    onQueue(
        kind,
        (queue, database) -> {
          queue.submit(job("job", T0));
          assertThat(queue.jobsNeedingAttention(T0, 10)).containsExactly("job");
          assertThat(queue.leaseJob("job", "w1", T0, T0.plusSeconds(30))).isPresent();
          assertThat(queue.leaseJob("job", "w2", T0.plusSeconds(29), T0.plusSeconds(90))).isEmpty();
          assertThat(queue.jobsNeedingAttention(T0.plusSeconds(29), 10)).isEmpty();
          assertThat(queue.jobsNeedingAttention(T0.plusSeconds(30), 10))
              .as("a worker that dies loses the job when its lease runs out")
              .containsExactly("job");

          queue.releaseJob("job", "w1", Optional.of(T0.plusSeconds(300)));
          assertThat(queue.jobsNeedingAttention(T0.plusSeconds(299), 10)).isEmpty();
          assertThat(queue.jobsNeedingAttention(T0.plusSeconds(300), 10)).containsExactly("job");

          queue.leaseJob("job", "w1", T0.plusSeconds(300), T0.plusSeconds(330));
          queue.releaseJob("job", "w1", Optional.empty());
          assertThat(queue.jobsNeedingAttention(T0.plus(Duration.ofHours(23)), 10)).isEmpty();
          assertThat(queue.jobsNeedingAttention(T0.plus(Duration.ofDays(1)), 10))
              .as("an expired job needs attention")
              .containsExactly("job");

          queue.leaseJob("job", "w1", T0, LATER);
          BatchJob done =
              queue
                  .job("job")
                  .orElseThrow()
                  .withStatus(BatchStatus.EXPIRED, T0.plus(Duration.ofDays(1)));
          queue.saveJob(done, "w1");
          queue.releaseJob("job", "w1", Optional.of(T0));
          assertThat(queue.jobsNeedingAttention(T0.plus(Duration.ofDays(9)), 10))
              .as("terminal jobs never need attention")
              .isEmpty();
        });
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aCancelRequestWhileLeased_outlivesTheRelease_andNoSaveOverwritesIt(String kind)
      throws Exception {
    onQueue(
        kind,
        (queue, database) -> {
          scheduled(queue, job("job", T0), 3, T0);
          queue.claimRecords("runner", 2, T0, LATER);
          queue.complete("runner", "job", 0, success("a", T0), T0);
          BatchJob stale = queue.leaseJob("job", "w", T0, LATER).orElseThrow();

          Optional<BatchJob> cancelling = queue.requestCancel("job");
          assertThat(cancelling)
              .hasValueSatisfying(j -> assertThat(j.status()).isEqualTo(BatchStatus.CANCELLING));
          queue.complete("runner", "job", 1, success("b", T0), T0);

          queue.saveJob(
              stale.withStatus(BatchStatus.IN_PROGRESS, T0).withCounts(new RequestCounts(3, 0, 0)),
              "w");
          BatchJob stored = queue.job("job").orElseThrow();
          assertThat(stored.status()).isEqualTo(BatchStatus.CANCELLING);
          assertThat(stored.counts())
              .as("counts belong to the queue")
              .isEqualTo(new RequestCounts(3, 2, 0));

          queue.releaseJob("job", "w", Optional.of(T0.plusSeconds(3600)));
          assertThat(queue.jobsNeedingAttention(T0, 10)).containsExactly("job");

          queue.leaseJob("job", "w", T0, LATER);
          queue.skipPending("job");
          queue.saveJob(stored.withStatus(BatchStatus.CANCELLED, T0), "w");
          assertThat(queue.job("job").orElseThrow().status()).isEqualTo(BatchStatus.CANCELLED);
          assertThat(queue.requestCancel("job").orElseThrow().status())
              .isEqualTo(BatchStatus.CANCELLED);
          assertThat(queue.requestCancel("missing")).isEmpty();
        });
  }

  @ParameterizedTest
  @MethodSource("databases")
  void saveJobAndSchedule_withoutTheLease_throwLeaseLost_andChangeNothing(String kind)
      throws Exception {
    onQueue(
        kind,
        (queue, database) -> {
          BatchJob job = queue.submit(job("job", T0));
          BatchJob scheduled = job.scheduled(2, Execution.ON_DEMAND, Optional.empty());
          assertThatThrownBy(() -> queue.schedule(scheduled, records("job", 2), "w"))
              .isInstanceOf(LeaseLostException.class);
          queue.leaseJob("job", "w", T0, T0.plusSeconds(30));
          queue.leaseJob("job", "w2", T0.plusSeconds(30), T0.plusSeconds(90));
          assertThatThrownBy(() -> queue.schedule(scheduled, records("job", 2), "w"))
              .isInstanceOf(LeaseLostException.class);
          assertThatThrownBy(() -> queue.saveJob(scheduled, "w"))
              .isInstanceOf(LeaseLostException.class)
              .hasMessageContaining("job");
          queue.releaseJob("job", "w", Optional.empty()); // not w's to release
          assertThat(queue.jobsNeedingAttention(T0.plusSeconds(90), 10)).containsExactly("job");

          assertThat(queue.job("job")).contains(job);
          assertThat(queue.records("job", 0, 10)).isEmpty();

          assertThatThrownBy(() -> queue.schedule(scheduled, records("job", 3), "w2"))
              .isInstanceOf(IllegalArgumentException.class);
          queue.schedule(scheduled, records("job", 2), "w2");
          assertThat(queue.job("job").orElseThrow().status()).isEqualTo(BatchStatus.SCHEDULED);
          assertThat(queue.records("job", 0, 10)).hasSize(2);
        });
  }

  private static BatchListQuery query(
      Optional<BatchStatus> status, Optional<String> name, Optional<String> after, int limit) {
    return new BatchListQuery(BatchApi.OPENAI, "acme", status, name, after, limit);
  }

  private static List<String> ids(List<BatchJob> jobs) {
    return jobs.stream().map(BatchJob::id).toList();
  }

  private static BatchJob withToken(BatchJob job, Principal owner, String token) {
    return rebuilt(job, owner, job.name(), job.api(), Optional.of(token));
  }

  private static BatchJob named(BatchJob job, String name) {
    return rebuilt(job, job.owner(), name, job.api(), job.clientToken());
  }

  private static BatchJob withOwner(BatchJob job, Principal owner) {
    return rebuilt(job, owner, job.name(), job.api(), job.clientToken());
  }

  private static BatchJob bedrock(BatchJob job) {
    return rebuilt(job, job.owner(), job.name(), BatchApi.BEDROCK, job.clientToken());
  }

  private static BatchJob rebuilt(
      BatchJob job, Principal owner, String name, BatchApi api, Optional<String> token) {
    return BatchJob.submitted(
        job.id(),
        api,
        name,
        owner,
        job.model(),
        job.endpoint(),
        job.input(),
        job.output(),
        job.createdAt(),
        job.expiresAt(),
        job.metadata(),
        job.details(),
        token);
  }
}
