package dev.strata.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.auth.Principal;
import dev.strata.core.batch.BatchApi;
import dev.strata.core.batch.BatchJob;
import dev.strata.core.batch.BatchListQuery;
import dev.strata.core.batch.BatchRecord;
import dev.strata.core.batch.BatchStatus;
import dev.strata.core.batch.ClaimedRecord;
import dev.strata.core.batch.Execution;
import dev.strata.core.batch.LeaseLostException;
import dev.strata.core.batch.RecordOutcome;
import dev.strata.core.batch.RecordState;
import dev.strata.core.batch.RequestCounts;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.ledger.UsageSource;
import dev.strata.core.model.Usage;
import dev.strata.core.money.Money;
import dev.strata.core.money.Tier;
import dev.strata.core.objectstore.ObjectRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The in-memory batch queue keeps the promises of the {@code BatchQueue} port. */
class InMemoryBatchQueueTest {
  private static final Instant T0 = Instant.parse("2025-07-01T10:00:00Z");
  private static final Principal ALICE = new Principal("key_a", "acme", "", "", Map.of());
  private static final Principal BOB = new Principal("key_b", "acme", "", "", Map.of());
  private static final Principal EVE = new Principal("key_e", "other", "", "", Map.of());

  private final ManualClock clock = new ManualClock(T0);
  private final InMemoryLedger ledger = new InMemoryLedger();
  private final InMemoryBatchQueue queue = new InMemoryBatchQueue(ledger, clock);

  private static BatchJob job(String id, Principal owner, Instant createdAt, String token) {
    return BatchJob.submitted(
        id,
        BatchApi.OPENAI,
        "name-" + id,
        owner,
        "gpt-4o",
        "/v1/chat/completions",
        new ObjectRef("strata-files", "file-" + id),
        ObjectRef.parsePrefix("s3://strata-files/"),
        createdAt,
        createdAt.plus(Duration.ofHours(24)),
        Map.of(),
        Map.of(),
        Optional.ofNullable(token));
  }

  private static List<BatchRecord> records(String jobId, int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> BatchRecord.pending(jobId, i, "r" + i, "{\"line\":" + i + "}"))
        .toList();
  }

  private static RecordOutcome ok(String requestId) {
    UsageRecord usage =
        new UsageRecord(
            requestId, T0, T0, ALICE, "openai", "chat", "gpt-4o", "gpt-4o", "p", Usage.of(3, 4),
            UsageSource.PROVIDER, Money.ofMicros(7), "ref", Tier.ON_DEMAND, false, "ok", 200, 1,
            OptionalLong.empty());
    return new RecordOutcome(true, "out-" + requestId, Optional.of(usage));
  }

  private static RecordOutcome failed(String requestId) {
    return new RecordOutcome(false, "err-" + requestId, Optional.empty());
  }

  /** Submits a job, leases it as {@code worker}, schedules it on demand with {@code count} records. */
  private BatchJob scheduled(String id, Instant createdAt, int count, String worker) {
    BatchJob job = queue.submit(job(id, ALICE, createdAt, null));
    assertThat(queue.leaseJob(id, worker, T0, T0.plusSeconds(60))).isPresent();
    BatchJob ready = job.scheduled(count, Execution.ON_DEMAND, Optional.empty());
    queue.schedule(ready, records(id, count), worker);
    queue.releaseJob(id, worker, Optional.empty());
    return ready;
  }

  @Test
  void submit_sameKeyAndClientToken_returnsTheFirstJobAndStoresNothing() {
    BatchJob first = queue.submit(job("batch_1", ALICE, T0, "tok"));

    BatchJob again = queue.submit(job("batch_2", ALICE, T0.plusSeconds(1), "tok"));
    BatchJob otherKey = queue.submit(job("batch_3", BOB, T0.plusSeconds(2), "tok"));

    assertThat(again).isEqualTo(first);
    assertThat(queue.job("batch_2")).isEmpty();
    assertThat(otherKey.id()).isEqualTo("batch_3");
    assertThat(queue.job("batch_3")).contains(otherKey);
  }

  @Test
  void list_givesOneTenantsJobsOfOneApiNewestFirstWithFiltersAndCursor() {
    for (int i = 0; i < 5; i++) {
      queue.submit(job("batch_" + i, i % 2 == 0 ? ALICE : BOB, T0.plusSeconds(i), null));
    }
    queue.submit(job("batch_x", EVE, T0.plusSeconds(9), null));
    queue.requestCancel("batch_3");

    List<BatchJob> first =
        queue.list(
            new BatchListQuery(
                BatchApi.OPENAI, "acme", Optional.empty(), Optional.empty(), Optional.empty(), 2));
    List<BatchJob> second =
        queue.list(
            new BatchListQuery(
                BatchApi.OPENAI, "acme", Optional.empty(), Optional.empty(), Optional.of("batch_3"), 10));
    List<BatchJob> cancelling =
        queue.list(
            new BatchListQuery(
                BatchApi.OPENAI, "acme", Optional.of(BatchStatus.CANCELLING), Optional.empty(),
                Optional.empty(), 10));
    List<BatchJob> named =
        queue.list(
            new BatchListQuery(
                BatchApi.OPENAI, "acme", Optional.empty(), Optional.of("h_2"), Optional.empty(), 10));
    List<BatchJob> bedrock =
        queue.list(
            new BatchListQuery(
                BatchApi.BEDROCK, "acme", Optional.empty(), Optional.empty(), Optional.empty(), 10));

    assertThat(first).extracting(BatchJob::id).containsExactly("batch_4", "batch_3");
    assertThat(second).extracting(BatchJob::id).containsExactly("batch_2", "batch_1", "batch_0");
    assertThat(cancelling).extracting(BatchJob::id).containsExactly("batch_3");
    assertThat(named).extracting(BatchJob::id).containsExactly("batch_2");
    assertThat(bedrock).isEmpty();
  }

  @Test
  void attention_setOnSubmission_hiddenWhileLeased_andAtTheRevisitTimeAfterRelease() {
    queue.submit(job("batch_1", ALICE, T0, null));
    assertThat(queue.jobsNeedingAttention(T0, 10)).containsExactly("batch_1");

    assertThat(queue.leaseJob("batch_1", "w1", T0, T0.plusSeconds(30))).isPresent();
    assertThat(queue.leaseJob("batch_1", "w2", T0.plusSeconds(1), T0.plusSeconds(30))).isEmpty();
    assertThat(queue.jobsNeedingAttention(T0.plusSeconds(1), 10)).isEmpty();

    queue.releaseJob("batch_1", "w1", Optional.of(T0.plusSeconds(100)));

    assertThat(queue.jobsNeedingAttention(T0.plusSeconds(99), 10)).isEmpty();
    assertThat(queue.jobsNeedingAttention(T0.plusSeconds(100), 10)).containsExactly("batch_1");
  }

  @Test
  void attention_returnsWhenAJobLeaseRunsOut_soADeadWorkersJobIsTakenOver() {
    queue.submit(job("batch_1", ALICE, T0, null));
    queue.leaseJob("batch_1", "dead", T0, T0.plusSeconds(30));

    assertThat(queue.jobsNeedingAttention(T0.plusSeconds(29), 10)).isEmpty();
    assertThat(queue.jobsNeedingAttention(T0.plusSeconds(30), 10)).containsExactly("batch_1");
    assertThat(queue.leaseJob("batch_1", "w2", T0.plusSeconds(30), T0.plusSeconds(60)))
        .isPresent();
    assertThatThrownBy(() -> queue.saveJob(job("batch_1", ALICE, T0, null), "dead"))
        .isInstanceOf(LeaseLostException.class);
  }

  @Test
  void attention_afterExpiry_evenWithoutAnAttentionTime() {
    scheduled("batch_1", T0, 1, "w");
    assertThat(queue.jobsNeedingAttention(T0.plusSeconds(1), 10)).isEmpty();

    assertThat(queue.jobsNeedingAttention(T0.plus(Duration.ofHours(24)), 10))
        .containsExactly("batch_1");
  }

  @Test
  void attention_aLastRecordDoneWhileTheJobIsLeased_survivesTheRelease() {
    scheduled("batch_1", T0, 1, "w");
    List<ClaimedRecord> claimed = queue.claimRecords("r", 10, T0, T0.plusSeconds(60));
    queue.leaseJob("batch_1", "w", T0, T0.plusSeconds(60));

    queue.complete("r", "batch_1", claimed.get(0).index(), ok("q0"), T0);
    queue.releaseJob("batch_1", "w", Optional.empty());

    assertThat(queue.jobsNeedingAttention(T0, 10)).containsExactly("batch_1");
  }

  @Test
  void requestCancel_makesAJobCancellingAndNeedingAttention_butLeavesTerminalJobsAlone() {
    scheduled("batch_1", T0, 1, "w");
    queue.submit(job("batch_2", ALICE, T0, null));
    queue.leaseJob("batch_2", "w", T0, T0.plusSeconds(10));
    queue.saveJob(queue.job("batch_2").orElseThrow().withStatus(BatchStatus.COMPLETED, T0), "w");
    queue.releaseJob("batch_2", "w", Optional.empty());

    assertThat(queue.requestCancel("batch_1")).get().extracting(BatchJob::status)
        .isEqualTo(BatchStatus.CANCELLING);
    assertThat(queue.requestCancel("batch_2")).get().extracting(BatchJob::status)
        .isEqualTo(BatchStatus.COMPLETED);
    assertThat(queue.requestCancel("nope")).isEmpty();
    assertThat(queue.jobsNeedingAttention(T0, 10)).containsExactly("batch_1");
    assertThat(queue.claimRecords("r", 10, T0, T0.plusSeconds(60))).isEmpty();
  }

  @Test
  void saveJob_ofAStaleCopy_keepsACancelRequestAndCompletedCounts() {
    BatchJob ready = scheduled("batch_1", T0, 2, "w");
    ClaimedRecord record = queue.claimRecords("r", 1, T0, T0.plusSeconds(60)).get(0);
    queue.complete("r", "batch_1", record.index(), ok("q0"), T0);
    queue.leaseJob("batch_1", "w", T0, T0.plusSeconds(60));
    queue.requestCancel("batch_1");

    queue.saveJob(ready.withStatus(BatchStatus.IN_PROGRESS, T0), "w");

    BatchJob saved = queue.job("batch_1").orElseThrow();
    assertThat(saved.status()).isEqualTo(BatchStatus.CANCELLING);
    assertThat(saved.counts()).isEqualTo(new RequestCounts(2, 1, 0));
  }

  @Test
  void schedule_withoutTheJobLease_throwsAndStoresNothing() {
    queue.submit(job("batch_1", ALICE, T0, null));
    BatchJob ready = job("batch_1", ALICE, T0, null).scheduled(1, Execution.ON_DEMAND, Optional.empty());

    assertThatThrownBy(() -> queue.schedule(ready, records("batch_1", 1), "w"))
        .isInstanceOf(LeaseLostException.class);
    assertThat(queue.records("batch_1", 0, 10)).isEmpty();
    assertThat(queue.job("batch_1").orElseThrow().status()).isEqualTo(BatchStatus.SUBMITTED);
  }

  @Test
  void claimRecords_takesOldestJobFirstInIndexOrder_andStartsTheJob() {
    scheduled("batch_new", T0.plusSeconds(5), 2, "w");
    scheduled("batch_old", T0, 2, "w");

    List<ClaimedRecord> claimed = queue.claimRecords("r", 3, T0, T0.plusSeconds(60));

    assertThat(claimed)
        .extracting(c -> c.jobId() + "#" + c.index() + "/" + c.attempts())
        .containsExactly("batch_old#0/1", "batch_old#1/1", "batch_new#0/1");
    BatchJob started = queue.job("batch_old").orElseThrow();
    assertThat(started.status()).isEqualTo(BatchStatus.IN_PROGRESS);
    assertThat(started.startedAt()).contains(T0);
    assertThat(queue.claimRecords("r2", 10, T0, T0.plusSeconds(60)))
        .extracting(ClaimedRecord::index)
        .containsExactly(1);
  }

  @Test
  void claimRecords_skipsNativeAndUnvalidatedJobs() {
    queue.submit(job("batch_sub", ALICE, T0, null));
    BatchJob nat = queue.submit(job("batch_nat", ALICE, T0, null));
    queue.leaseJob("batch_nat", "w", T0, T0.plusSeconds(60));
    queue.schedule(nat.scheduled(1, Execution.NATIVE, Optional.empty()), records("batch_nat", 1), "w");

    assertThat(queue.claimRecords("r", 10, T0, T0.plusSeconds(60))).isEmpty();
  }

  @Test
  void aRecordWhoseLeaseRanOut_isClaimedByAnotherWorker_andTheFirstCannotCompleteIt() {
    scheduled("batch_1", T0, 1, "w");
    queue.claimRecords("slow", 1, T0, T0.plusSeconds(30));

    assertThat(queue.claimRecords("fast", 1, T0.plusSeconds(29), T0.plusSeconds(90))).isEmpty();
    List<ClaimedRecord> taken = queue.claimRecords("fast", 1, T0.plusSeconds(30), T0.plusSeconds(90));

    assertThat(taken).extracting(ClaimedRecord::attempts).containsExactly(2);
    assertThat(queue.complete("slow", "batch_1", 0, ok("q-slow"), T0.plusSeconds(31))).isFalse();
    assertThat(queue.complete("fast", "batch_1", 0, ok("q-fast"), T0.plusSeconds(31))).isTrue();
    assertThat(queue.complete("fast", "batch_1", 0, ok("q-again"), T0.plusSeconds(32))).isFalse();
    assertThat(ledger.records()).extracting(UsageRecord::requestId).containsExactly("q-fast");
    assertThat(queue.records("batch_1", 0, 10).get(0).output()).contains("out-q-fast");
  }

  @Test
  void complete_storesOutputUsageAndCounts_andTheLastRecordCallsForAttention() {
    scheduled("batch_1", T0, 2, "w");
    queue.claimRecords("r", 2, T0, T0.plusSeconds(60));

    assertThat(queue.complete("r", "batch_1", 0, ok("q0"), T0)).isTrue();
    assertThat(queue.hasUnfinishedRecords("batch_1")).isTrue();
    assertThat(queue.jobsNeedingAttention(T0, 10)).isEmpty();
    assertThat(queue.complete("r", "batch_1", 1, failed("q1"), T0)).isTrue();

    assertThat(queue.hasUnfinishedRecords("batch_1")).isFalse();
    assertThat(queue.jobsNeedingAttention(T0, 10)).containsExactly("batch_1");
    assertThat(queue.job("batch_1").orElseThrow().counts()).isEqualTo(new RequestCounts(2, 1, 1));
    assertThat(queue.records("batch_1", 0, 10))
        .extracting(BatchRecord::state, BatchRecord::output, BatchRecord::usage)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                RecordState.SUCCEEDED, Optional.of("out-q0"), Usage.of(3, 4)),
            org.assertj.core.groups.Tuple.tuple(
                RecordState.FAILED, Optional.of("err-q1"), Usage.ZERO));
    assertThat(ledger.records()).hasSize(1);
  }

  @Test
  void retryLater_givesTheRecordBackNoEarlierThanAsked() {
    scheduled("batch_1", T0, 1, "w");
    queue.claimRecords("r", 1, T0, T0.plusSeconds(60));

    assertThat(queue.retryLater("other", "batch_1", 0, T0.plusSeconds(10))).isFalse();
    assertThat(queue.retryLater("r", "batch_1", 0, T0.plusSeconds(10))).isTrue();

    assertThat(queue.claimRecords("r", 1, T0.plusSeconds(9), T0.plusSeconds(60))).isEmpty();
    assertThat(queue.claimRecords("r", 1, T0.plusSeconds(10), T0.plusSeconds(60))).hasSize(1);
  }

  @Test
  void renewLeases_keepsRecordsAndJobs_releaseLeasesGivesThemBack() {
    scheduled("batch_1", T0, 1, "w");
    queue.claimRecords("r", 1, T0, T0.plusSeconds(30));
    queue.leaseJob("batch_1", "r", T0, T0.plusSeconds(30));

    queue.renewLeases("r", T0.plusSeconds(120));

    assertThat(queue.claimRecords("x", 1, T0.plusSeconds(60), T0.plusSeconds(90))).isEmpty();
    assertThat(queue.leaseJob("batch_1", "x", T0.plusSeconds(60), T0.plusSeconds(90))).isEmpty();
    queue.releaseLeases("r");
    assertThat(queue.claimRecords("x", 1, T0.plusSeconds(60), T0.plusSeconds(90))).hasSize(1);
    assertThat(queue.leaseJob("batch_1", "x", T0.plusSeconds(60), T0.plusSeconds(90))).isPresent();
  }

  @Test
  void completeNative_storesOnlyPendingRecords_andNeedsTheJobLease() {
    BatchJob nat = queue.submit(job("batch_1", ALICE, T0, null));
    queue.leaseJob("batch_1", "w", T0, T0.plusSeconds(60));
    queue.schedule(nat.scheduled(3, Execution.NATIVE, Optional.empty()), records("batch_1", 3), "w");

    int first = queue.completeNative("w", "batch_1", Map.of(0, ok("n0"), 2, failed("n2")), T0);
    int again = queue.completeNative("w", "batch_1", Map.of(0, ok("n0-again"), 1, ok("n1")), T0);

    assertThat(first).isEqualTo(2);
    assertThat(again).isEqualTo(1);
    assertThat(queue.job("batch_1").orElseThrow().counts()).isEqualTo(new RequestCounts(3, 2, 1));
    assertThat(ledger.records()).extracting(UsageRecord::requestId).containsExactly("n0", "n1");
    assertThatThrownBy(() -> queue.completeNative("x", "batch_1", Map.of(), T0))
        .isInstanceOf(LeaseLostException.class);
  }

  @Test
  void skipPending_skipsWaitingRecordsButLetsLiveLeasesFinish() {
    scheduled("batch_1", T0, 3, "w");
    queue.claimRecords("r", 1, T0, T0.plusSeconds(60));

    assertThat(queue.skipPending("batch_1")).isEqualTo(2);
    assertThat(queue.hasUnfinishedRecords("batch_1")).isTrue();
    assertThat(queue.complete("r", "batch_1", 0, ok("q0"), T0)).isTrue();

    assertThat(queue.hasUnfinishedRecords("batch_1")).isFalse();
    assertThat(queue.records("batch_1", 0, 10))
        .extracting(BatchRecord::state)
        .containsExactly(RecordState.SUCCEEDED, RecordState.SKIPPED, RecordState.SKIPPED);
  }

  @Test
  void skipPending_alsoSkipsRecordsOfADeadWorker() {
    scheduled("batch_1", T0, 1, "w");
    queue.claimRecords("dead", 1, T0, T0.plusSeconds(30));
    clock.set(T0.plusSeconds(30));

    assertThat(queue.skipPending("batch_1")).isEqualTo(1);
    assertThat(queue.hasUnfinishedRecords("batch_1")).isFalse();
  }

  @Test
  void records_pagesInIndexOrder() {
    scheduled("batch_1", T0, 5, "w");

    assertThat(queue.records("batch_1", 0, 2)).extracting(BatchRecord::index).containsExactly(0, 1);
    assertThat(queue.records("batch_1", 2, 2)).extracting(BatchRecord::index).containsExactly(2, 3);
    assertThat(queue.records("batch_1", 4, 2)).extracting(BatchRecord::index).containsExactly(4);
    assertThat(queue.records("nope", 0, 2)).isEmpty();
  }

  @Test
  void everyRecordIsCompletedExactlyOnceByConcurrentWorkers() throws Exception {
    int count = 200;
    scheduled("batch_1", T0, count, "w");
    List<String> done = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        String worker = "w" + w;
        workers.add(
            pool.submit(
                () -> {
                  List<ClaimedRecord> claimed;
                  while (!(claimed = queue.claimRecords(worker, 3, T0, T0.plusSeconds(60)))
                      .isEmpty()) {
                    for (ClaimedRecord record : claimed) {
                      String id = "q" + record.index();
                      if (queue.complete(worker, record.jobId(), record.index(), ok(id), T0)) {
                        done.add(id);
                      }
                    }
                  }
                }));
      }
      for (Future<?> worker : workers) {
        worker.get(10, java.util.concurrent.TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(done).hasSize(count).doesNotHaveDuplicates();
    assertThat(ledger.records()).hasSize(count);
    assertThat(queue.job("batch_1").orElseThrow().counts())
        .isEqualTo(new RequestCounts(count, count, 0));
  }

  @Test
  void awaitJob_returnsOnceAnotherThreadMovesTheJob() throws Exception {
    queue.submit(job("batch_1", ALICE, T0, null));
    Thread canceller = Thread.ofVirtual().start(() -> queue.requestCancel("batch_1"));

    BatchJob job =
        queue.awaitJob("batch_1", j -> j.status() == BatchStatus.CANCELLING, Duration.ofSeconds(5));

    canceller.join();
    assertThat(job.status()).isEqualTo(BatchStatus.CANCELLING);
    assertThatThrownBy(
            () -> queue.awaitJob("batch_1", j -> j.status().isTerminal(), Duration.ofMillis(1)))
        .isInstanceOf(AssertionError.class);
  }
}
