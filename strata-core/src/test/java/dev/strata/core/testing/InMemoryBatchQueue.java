package dev.strata.core.testing;

import static java.util.Objects.requireNonNull;

import dev.strata.core.batch.BatchJob;
import dev.strata.core.batch.BatchListQuery;
import dev.strata.core.batch.BatchQueue;
import dev.strata.core.batch.BatchRecord;
import dev.strata.core.batch.BatchStatus;
import dev.strata.core.batch.ClaimedRecord;
import dev.strata.core.batch.Execution;
import dev.strata.core.batch.LeaseLostException;
import dev.strata.core.batch.RecordOutcome;
import dev.strata.core.batch.RecordState;
import dev.strata.core.batch.RequestCounts;
import dev.strata.core.ledger.Ledger;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.model.Usage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A {@link BatchQueue} in memory, for tests: one lock stands for the store's transactions, so a
 * record's outcome, its ledger record (appended to the given {@link Ledger}) and the job's counts
 * change together. Leases, attention, client tokens and counts follow the port's javadoc; tests wait
 * for a job to reach a state with {@link #awaitJob}.
 *
 * <p>Where the port leaves a race open this fake closes it, and a durable queue should do the same:
 * a cancel request survives a {@link #saveJob} of a stale copy (the job stays CANCELLING unless it
 * is saved terminal), a stale copy never undoes completed counts, and an attention event (last
 * record done, cancel) that happens while a worker holds the job is not lost by its {@link
 * #releaseJob}. {@link #skipPending} also skips records whose lease ran out (at the clock's time),
 * since no worker claims records of a cancelled job again.
 */
public final class InMemoryBatchQueue implements BatchQueue {
  /** "Needs attention now": before any time a test uses. */
  private static final Instant AT_ONCE = Instant.EPOCH;

  private final Ledger ledger;
  private final Clock clock;
  private final Map<String, JobRow> jobs = new LinkedHashMap<>();

  /** A queue whose outcomes go to {@code ledger}; {@code clock} only decides which leases ran out. */
  public InMemoryBatchQueue(Ledger ledger, Clock clock) {
    this.ledger = requireNonNull(ledger, "ledger");
    this.clock = requireNonNull(clock, "clock");
  }

  /** A queue with its own {@link InMemoryLedger}, on the system clock. */
  public InMemoryBatchQueue() {
    this(new InMemoryLedger(), Clock.systemUTC());
  }

  /** The ledger record outcomes are appended to. */
  public Ledger ledger() {
    return ledger;
  }

  @Override
  public synchronized BatchJob submit(BatchJob job) {
    requireNonNull(job, "job");
    if (job.clientToken().isPresent()) {
      for (JobRow row : jobs.values()) {
        if (row.job.owner().keyId().equals(job.owner().keyId())
            && row.job.clientToken().equals(job.clientToken())) {
          return row.job;
        }
      }
    }
    if (jobs.containsKey(job.id())) {
      throw new IllegalStateException("a job with id " + job.id() + " already exists");
    }
    JobRow row = new JobRow(job);
    row.attentionAt = Optional.of(AT_ONCE);
    jobs.put(job.id(), row);
    notifyAll();
    return job;
  }

  @Override
  public synchronized Optional<BatchJob> job(String id) {
    return Optional.ofNullable(jobs.get(requireNonNull(id, "id"))).map(row -> row.job);
  }

  @Override
  public synchronized List<BatchJob> list(BatchListQuery query) {
    requireNonNull(query, "query");
    List<BatchJob> newestFirst =
        jobs.values().stream()
            .map(row -> row.job)
            .filter(job -> job.api() == query.api() && job.owner().tenant().equals(query.tenant()))
            .sorted(NEWEST_FIRST)
            .toList();
    int from = 0;
    if (query.after().isPresent()) {
      Optional<BatchJob> cursor = Optional.ofNullable(jobs.get(query.after().get())).map(r -> r.job);
      if (cursor.isEmpty()) {
        return List.of();
      }
      from = newestFirst.size();
      for (int i = 0; i < newestFirst.size(); i++) {
        if (NEWEST_FIRST.compare(newestFirst.get(i), cursor.get()) > 0) {
          from = i;
          break;
        }
      }
    }
    List<BatchJob> page = new ArrayList<>();
    for (BatchJob job : newestFirst.subList(from, newestFirst.size())) {
      if (query.status().isPresent() && job.status() != query.status().get()) {
        continue;
      }
      if (query.nameContains().isPresent() && !job.name().contains(query.nameContains().get())) {
        continue;
      }
      page.add(job);
      if (page.size() == query.limit()) {
        break;
      }
    }
    return List.copyOf(page);
  }

  @Override
  public synchronized Optional<BatchJob> requestCancel(String id) {
    JobRow row = jobs.get(requireNonNull(id, "id"));
    if (row == null) {
      return Optional.empty();
    }
    if (!row.job.status().isTerminal()) {
      row.job = row.job.withStatus(BatchStatus.CANCELLING, clock.instant());
      row.attentionEvent();
      notifyAll();
    }
    return Optional.of(row.job);
  }

  @Override
  public synchronized List<String> jobsNeedingAttention(Instant now, int max) {
    requireNonNull(now, "now");
    return jobs.values().stream()
        .filter(row -> !row.job.status().isTerminal() && !row.isLeasedAt(now))
        .filter(
            row ->
                row.attentionAt.filter(at -> !at.isAfter(now)).isPresent()
                    || !row.job.expiresAt().isAfter(now))
        .map(row -> row.job)
        .sorted(OLDEST_FIRST)
        .limit(max)
        .map(BatchJob::id)
        .toList();
  }

  @Override
  public synchronized Optional<BatchJob> leaseJob(
      String id, String worker, Instant now, Instant until) {
    requireNonNull(worker, "worker");
    requireNonNull(now, "now");
    requireNonNull(until, "until");
    JobRow row = jobs.get(requireNonNull(id, "id"));
    if (row == null || (row.isLeasedAt(now) && !worker.equals(row.leaseOwner))) {
      return Optional.empty();
    }
    if (!worker.equals(row.leaseOwner)) {
      row.eventsAtLease = row.attentionEvents;
    }
    row.leaseOwner = worker;
    row.leaseUntil = until;
    return Optional.of(row.job);
  }

  @Override
  public synchronized void saveJob(BatchJob job, String worker) {
    requireNonNull(job, "job");
    JobRow row = heldJob(job.id(), worker);
    BatchJob stored = row.job;
    BatchJob next = job;
    if (stored.status() == BatchStatus.CANCELLING
        && !next.status().isTerminal()
        && next.status() != BatchStatus.CANCELLING) {
      next = next.withStatus(BatchStatus.CANCELLING, clock.instant());
    }
    RequestCounts counts = stored.counts();
    if (counts.total() == next.counts().total()
        && counts.completed() + counts.failed()
            > next.counts().completed() + next.counts().failed()) {
      next = next.withCounts(counts);
    }
    row.job = next;
    notifyAll();
  }

  @Override
  public synchronized void schedule(BatchJob job, List<BatchRecord> records, String worker) {
    requireNonNull(job, "job");
    requireNonNull(records, "records");
    JobRow row = heldJob(job.id(), worker);
    TreeMap<Integer, RecordRow> byIndex = new TreeMap<>();
    for (BatchRecord record : records) {
      if (!record.jobId().equals(job.id())) {
        throw new IllegalArgumentException(
            "record " + record.index() + " belongs to job " + record.jobId() + ", not " + job.id());
      }
      if (record.state() == RecordState.LEASED) {
        throw new IllegalArgumentException("record " + record.index() + " cannot be scheduled leased");
      }
      if (byIndex.put(record.index(), new RecordRow(record)) != null) {
        throw new IllegalArgumentException("two records have index " + record.index());
      }
    }
    row.records = byIndex;
    row.job =
        job.status() == BatchStatus.SCHEDULED
            ? job
            : job.scheduled(records.size(), job.execution(), job.nativeBatch());
    if (records.isEmpty()) {
      row.attentionEvent();
    }
    notifyAll();
  }

  @Override
  public synchronized void releaseJob(String id, String worker, Optional<Instant> revisitAt) {
    requireNonNull(worker, "worker");
    requireNonNull(revisitAt, "revisitAt");
    JobRow row = jobs.get(requireNonNull(id, "id"));
    if (row == null || !worker.equals(row.leaseOwner)) {
      return;
    }
    row.leaseOwner = null;
    row.leaseUntil = null;
    if (row.attentionEvents == row.eventsAtLease) {
      row.attentionAt = revisitAt;
    }
    notifyAll();
  }

  @Override
  public synchronized List<ClaimedRecord> claimRecords(
      String worker, int max, Instant now, Instant until) {
    requireNonNull(worker, "worker");
    requireNonNull(now, "now");
    requireNonNull(until, "until");
    List<ClaimedRecord> claimed = new ArrayList<>();
    List<JobRow> runnable =
        jobs.values().stream()
            .filter(row -> row.job.execution() == Execution.ON_DEMAND)
            .filter(
                row ->
                    row.job.status() == BatchStatus.SCHEDULED
                        || row.job.status() == BatchStatus.IN_PROGRESS)
            .sorted(Comparator.comparing(row -> row.job, OLDEST_FIRST))
            .toList();
    for (JobRow row : runnable) {
      for (RecordRow record : row.records.values()) {
        if (claimed.size() >= max) {
          break;
        }
        if (!record.isRunnableAt(now)) {
          continue;
        }
        record.state = RecordState.LEASED;
        record.leaseOwner = worker;
        record.leaseUntil = until;
        record.notBefore = null;
        record.attempts++;
        claimed.add(
            new ClaimedRecord(
                row.job.id(), record.index, record.customId, record.input, record.attempts));
        if (row.job.status() == BatchStatus.SCHEDULED) {
          row.job = row.job.withStatus(BatchStatus.IN_PROGRESS, now);
        }
      }
    }
    if (!claimed.isEmpty()) {
      notifyAll();
    }
    return List.copyOf(claimed);
  }

  @Override
  public synchronized boolean complete(
      String worker, String jobId, int index, RecordOutcome outcome, Instant now) {
    requireNonNull(worker, "worker");
    requireNonNull(outcome, "outcome");
    requireNonNull(now, "now");
    JobRow row = jobs.get(requireNonNull(jobId, "jobId"));
    RecordRow record = row == null ? null : row.records.get(index);
    if (record == null
        || record.state != RecordState.LEASED
        || !worker.equals(record.leaseOwner)) {
      return false;
    }
    store(row, record, outcome);
    notifyAll();
    return true;
  }

  @Override
  public synchronized boolean retryLater(String worker, String jobId, int index, Instant notBefore) {
    requireNonNull(worker, "worker");
    requireNonNull(notBefore, "notBefore");
    JobRow row = jobs.get(requireNonNull(jobId, "jobId"));
    RecordRow record = row == null ? null : row.records.get(index);
    if (record == null
        || record.state != RecordState.LEASED
        || !worker.equals(record.leaseOwner)) {
      return false;
    }
    record.state = RecordState.PENDING;
    record.leaseOwner = null;
    record.leaseUntil = null;
    record.notBefore = notBefore;
    notifyAll();
    return true;
  }

  @Override
  public synchronized void renewLeases(String worker, Instant until) {
    requireNonNull(worker, "worker");
    requireNonNull(until, "until");
    for (JobRow row : jobs.values()) {
      if (worker.equals(row.leaseOwner)) {
        row.leaseUntil = until;
      }
      for (RecordRow record : row.records.values()) {
        if (record.state == RecordState.LEASED && worker.equals(record.leaseOwner)) {
          record.leaseUntil = until;
        }
      }
    }
  }

  @Override
  public synchronized void releaseLeases(String worker) {
    requireNonNull(worker, "worker");
    for (JobRow row : jobs.values()) {
      if (worker.equals(row.leaseOwner)) {
        row.leaseOwner = null;
        row.leaseUntil = null;
      }
      for (RecordRow record : row.records.values()) {
        if (record.state == RecordState.LEASED && worker.equals(record.leaseOwner)) {
          record.state = RecordState.PENDING;
          record.leaseOwner = null;
          record.leaseUntil = null;
        }
      }
    }
    notifyAll();
  }

  @Override
  public synchronized int completeNative(
      String worker, String jobId, Map<Integer, RecordOutcome> outcomes, Instant now) {
    requireNonNull(outcomes, "outcomes");
    requireNonNull(now, "now");
    JobRow row = heldJob(jobId, worker);
    int stored = 0;
    for (Map.Entry<Integer, RecordOutcome> entry : new TreeMap<>(outcomes).entrySet()) {
      RecordRow record = row.records.get(entry.getKey());
      if (record == null || record.state != RecordState.PENDING) {
        continue;
      }
      store(row, record, requireNonNull(entry.getValue(), "outcome"));
      stored++;
    }
    notifyAll();
    return stored;
  }

  @Override
  public synchronized int skipPending(String jobId) {
    JobRow row = jobs.get(requireNonNull(jobId, "jobId"));
    if (row == null) {
      return 0;
    }
    Instant now = clock.instant();
    int skipped = 0;
    for (RecordRow record : row.records.values()) {
      boolean leaseRanOut = record.state == RecordState.LEASED && !record.leaseUntil.isAfter(now);
      if (record.state == RecordState.PENDING || leaseRanOut) {
        record.state = RecordState.SKIPPED;
        record.leaseOwner = null;
        record.leaseUntil = null;
        skipped++;
      }
    }
    if (skipped > 0 && !row.hasUnfinishedRecords()) {
      row.attentionEvent();
    }
    notifyAll();
    return skipped;
  }

  @Override
  public synchronized boolean hasUnfinishedRecords(String jobId) {
    JobRow row = jobs.get(requireNonNull(jobId, "jobId"));
    return row != null && row.hasUnfinishedRecords();
  }

  @Override
  public synchronized List<BatchRecord> records(String jobId, int fromIndex, int limit) {
    JobRow row = jobs.get(requireNonNull(jobId, "jobId"));
    if (row == null) {
      return List.of();
    }
    return row.records.tailMap(fromIndex, true).values().stream()
        .limit(limit)
        .map(record -> record.toRecord(jobId))
        .toList();
  }

  /**
   * Waits until job {@code id} exists and satisfies {@code condition}, and returns it; fails the
   * test when it does not within {@code timeout}.
   */
  public synchronized BatchJob awaitJob(
      String id, Predicate<BatchJob> condition, Duration timeout) {
    requireNonNull(id, "id");
    requireNonNull(condition, "condition");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JobRow row = jobs.get(id);
      if (row != null && condition.test(row.job)) {
        return row.job;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(
            "job " + id + " did not reach the expected state within " + timeout + "; it is "
                + (row == null ? "missing" : row.job));
      }
      try {
        wait(Math.max(1, left / 1_000_000), 0);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for job " + id, e);
      }
    }
  }

  /** Which worker holds job {@code id}'s lease, if any (expired or not). */
  public synchronized Optional<String> jobLeaseOwner(String id) {
    return Optional.ofNullable(jobs.get(requireNonNull(id, "id"))).map(row -> row.leaseOwner);
  }

  @Override
  public synchronized String toString() {
    return "InMemoryBatchQueue[" + jobs.size() + " jobs]";
  }

  private JobRow heldJob(String id, String worker) {
    requireNonNull(worker, "worker");
    JobRow row = jobs.get(requireNonNull(id, "id"));
    if (row == null) {
      throw new IllegalArgumentException("no job " + id);
    }
    if (!worker.equals(row.leaseOwner)) {
      throw new LeaseLostException(
          "worker " + worker + " does not hold the lease on job " + id
              + (row.leaseOwner == null ? "" : "; " + row.leaseOwner + " does"));
    }
    return row;
  }

  private void store(JobRow row, RecordRow record, RecordOutcome outcome) {
    record.state = outcome.succeeded() ? RecordState.SUCCEEDED : RecordState.FAILED;
    record.output = Optional.of(outcome.output());
    record.usage = outcome.usage().map(UsageRecord::usage).orElse(Usage.ZERO);
    record.leaseOwner = null;
    record.leaseUntil = null;
    outcome.usage().ifPresent(ledger::append);
    RequestCounts counts = row.job.counts();
    row.job =
        row.job.withCounts(
            outcome.succeeded()
                ? new RequestCounts(counts.total(), counts.completed() + 1, counts.failed())
                : new RequestCounts(counts.total(), counts.completed(), counts.failed() + 1));
    if (!row.hasUnfinishedRecords()) {
      row.attentionEvent();
    }
  }

  private static final Comparator<BatchJob> OLDEST_FIRST =
      Comparator.comparing(BatchJob::createdAt).thenComparing(BatchJob::id);
  private static final Comparator<BatchJob> NEWEST_FIRST = OLDEST_FIRST.reversed();

  private static final class JobRow {
    BatchJob job;
    Optional<Instant> attentionAt = Optional.empty();
    long attentionEvents;
    long eventsAtLease;
    String leaseOwner;
    Instant leaseUntil;
    TreeMap<Integer, RecordRow> records = new TreeMap<>();

    JobRow(BatchJob job) {
      this.job = job;
    }

    boolean isLeasedAt(Instant now) {
      return leaseOwner != null && leaseUntil.isAfter(now);
    }

    void attentionEvent() {
      attentionAt = Optional.of(AT_ONCE);
      attentionEvents++;
    }

    boolean hasUnfinishedRecords() {
      return records.values().stream().anyMatch(record -> !record.state.isDone());
    }
  }

  private static final class RecordRow {
    final int index;
    final String customId;
    final String input;
    RecordState state;
    Optional<String> output;
    int attempts;
    Usage usage;
    String leaseOwner;
    Instant leaseUntil;
    Instant notBefore;

    RecordRow(BatchRecord record) {
      this.index = record.index();
      this.customId = record.customId();
      this.input = record.input();
      this.state = record.state();
      this.output = record.output();
      this.attempts = record.attempts();
      this.usage = record.usage();
    }

    boolean isRunnableAt(Instant now) {
      return switch (state) {
        case PENDING -> notBefore == null || !notBefore.isAfter(now);
        case LEASED -> !leaseUntil.isAfter(now);
        default -> false;
      };
    }

    BatchRecord toRecord(String jobId) {
      return new BatchRecord(jobId, index, customId, input, state, output, attempts, usage);
    }
  }
}
