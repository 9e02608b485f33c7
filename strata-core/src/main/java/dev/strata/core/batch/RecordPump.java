package dev.strata.core.batch;

import static java.util.Objects.requireNonNull;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Runs claimed records of on-demand jobs, at most {@code concurrency} at a time on virtual
 * threads: each record's line is read, run as its job's owner, written as an output line and
 * completed with its usage record. A retryable refusal (a rate limit, an unavailable upstream) puts
 * the record back for later, until its attempts are used up.
 */
final class RecordPump implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(RecordPump.class.getName());

  private final BatchQueue queue;
  private final Map<BatchApi, BatchFormat> formats;
  private final RecordRunner runner;
  private final BatchWorkerOptions options;
  private final Clock clock;
  private final Semaphore slots;
  private final ExecutorService threads = Executors.newThreadPerTaskExecutor(
      Thread.ofVirtual().name("strata-batch-record-", 0).factory());
  private final Map<String, BatchJob> jobs = new ConcurrentHashMap<>();
  private final Runnable slotFreed;

  /** {@code slotFreed} runs whenever a record finishes, so the caller can claim another. */
  RecordPump(
      BatchQueue queue,
      Map<BatchApi, BatchFormat> formats,
      RecordRunner runner,
      BatchWorkerOptions options,
      Clock clock,
      Runnable slotFreed) {
    this.slotFreed = requireNonNull(slotFreed, "slotFreed");
    this.queue = requireNonNull(queue, "queue");
    this.formats = Map.copyOf(formats);
    this.runner = requireNonNull(runner, "runner");
    this.options = requireNonNull(options, "options");
    this.clock = requireNonNull(clock, "clock");
    this.slots = new Semaphore(options.concurrency());
  }

  /** Claims as many records as there are free slots and starts them; returns how many. */
  int pump() {
    int free = slots.availablePermits();
    if (free == 0) {
      return 0;
    }
    Instant now = clock.instant();
    List<ClaimedRecord> claimed =
        queue.claimRecords(options.workerId(), free, now, now.plus(options.leaseDuration()));
    for (ClaimedRecord record : claimed) {
      slots.acquireUninterruptibly();
      threads.execute(
          () -> {
            try {
              run(record);
            } catch (RuntimeException defect) {
              LOG.log(Level.ERROR, "batch record " + record.jobId() + "#" + record.index() + " failed", defect);
            } finally {
              slots.release();
              slotFreed.run();
            }
          });
    }
    return claimed.size();
  }

  /** Whether a slot is free. */
  boolean hasFreeSlot() {
    return slots.availablePermits() > 0;
  }

  private void run(ClaimedRecord record) {
    Optional<BatchJob> job = job(record.jobId());
    if (job.isEmpty()) {
      return; // deleted under us: its lease runs out
    }
    BatchFormat format = formats.get(job.get().api());
    String requestId = requestId(record);
    BatchLine line;
    try {
      line = format.read(job.get(), record.index(), record.input());
    } catch (BatchLineException unreadable) {
      complete(record, new RecordOutcome(
          false, format.unreadable(job.get(), record.customId(), unreadable, requestId), Optional.empty()));
      return;
    }
    RecordRun run = runner.run(job.get(), line, requestId);
    switch (run) {
      case RecordRun.Answered answered ->
          complete(record, new RecordOutcome(
              true, format.success(job.get(), line, answered.answer(), requestId), answered.usage()));
      case RecordRun.Refused refused -> {
        if (refused.error().isRetryable() && record.attempts() < options.maxAttempts()) {
          Duration wait = refused.error().retryAfter()
              .filter(after -> after.compareTo(options.retryDelay(record.attempts())) > 0)
              .orElse(options.retryDelay(record.attempts()));
          queue.retryLater(options.workerId(), record.jobId(), record.index(), clock.instant().plus(wait));
          return;
        }
        complete(record, new RecordOutcome(
            false, format.failure(job.get(), line, refused.error(), requestId), refused.usage()));
      }
    }
  }

  private void complete(ClaimedRecord record, RecordOutcome outcome) {
    boolean stored =
        queue.complete(options.workerId(), record.jobId(), record.index(), outcome, clock.instant());
    if (!stored) {
      LOG.log(
          Level.INFO,
          "batch record " + record.jobId() + "#" + record.index()
              + ": lease lost before completion; another worker's outcome stands");
    }
  }

  private Optional<BatchJob> job(String id) {
    BatchJob cached = jobs.get(id);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<BatchJob> loaded = queue.job(id);
    loaded.ifPresent(job -> {
      if (jobs.size() > 1_000) {
        jobs.clear(); // only owner, API, model and endpoint are read: they never change
      }
      jobs.put(id, job);
    });
    return loaded;
  }

  /** The ledger request id of a record: the same on every attempt, so the ledger stores it once. */
  static String requestId(ClaimedRecord record) {
    return requestId(record.jobId(), record.index());
  }

  static String requestId(String jobId, int index) {
    return "batch-" + jobId + "-" + index;
  }

  @Override
  public void close() {
    threads.shutdown();
    try {
      if (!threads.awaitTermination(30, TimeUnit.SECONDS)) {
        threads.shutdownNow();
      }
    } catch (InterruptedException e) {
      threads.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
