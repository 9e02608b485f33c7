package dev.strata.core.batch;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The durable queue of batch jobs and their records, shared by every Strata instance on one store.
 * Work is claimed with leases: a worker that dies loses its leases when they run out and another
 * worker takes the work over. Completing a record stores its output and its ledger record in one
 * transaction, and only while the worker still holds the lease, so every record is in the output
 * exactly once and the ledger matches it.
 *
 * <p>A job <em>needs attention</em> — job-level work: validation, finalizing, polling a native
 * batch, cancelling, expiring — when it is not terminal and its attention time has come (set on
 * submission, when its last record completes, on a cancel request, or by {@link #releaseJob}) or
 * its expiry has passed.
 */
public interface BatchQueue {
  /**
   * Stores a new job (status SUBMITTED), needing attention at once. When the owner's key already
   * submitted a job with the same client token, stores nothing and returns that job.
   */
  BatchJob submit(BatchJob job);

  Optional<BatchJob> job(String id);

  /** Jobs matching the query, newest first. */
  List<BatchJob> list(BatchListQuery query);

  /**
   * Asks for a job to be cancelled: a job that is not terminal becomes CANCELLING and needs
   * attention. Returns the job as it now stands, or empty when there is no such job.
   */
  Optional<BatchJob> requestCancel(String id);

  /** Up to {@code max} ids of jobs that need attention at {@code now} and are not leased. */
  List<String> jobsNeedingAttention(Instant now, int max);

  /** Leases the job to {@code worker} until {@code until}, if no other worker holds it at {@code now}. */
  Optional<BatchJob> leaseJob(String id, String worker, Instant now, Instant until);

  /**
   * Saves the job's new state (status and its timestamps, execution, errors, files, native batch,
   * output location). Not its counts: those belong to {@link #schedule}, {@link #complete} and
   * {@link #completeNative}, which may run concurrently.
   *
   * @throws LeaseLostException when {@code worker} no longer holds the job's lease
   */
  void saveJob(BatchJob job, String worker);

  /**
   * Saves the validated job as SCHEDULED with its records, in one transaction.
   *
   * @throws LeaseLostException when {@code worker} no longer holds the job's lease
   */
  void schedule(BatchJob job, List<BatchRecord> records, String worker);

  /** Gives the job's lease up; it needs attention again at {@code revisitAt}, if given. */
  void releaseJob(String id, String worker, Optional<Instant> revisitAt);

  /**
   * Claims up to {@code max} runnable records — pending (and not held back until later), or whose
   * lease ran out — of on-demand jobs that are SCHEDULED or IN_PROGRESS, oldest job first, in
   * index order. A SCHEDULED job becomes IN_PROGRESS.
   */
  List<ClaimedRecord> claimRecords(String worker, int max, Instant now, Instant until);

  /**
   * Stores a record's outcome, its ledger record and the job's counts in one transaction, if
   * {@code worker} still holds the record's lease. When it was the job's last record, the job needs
   * attention. Returns whether it was stored.
   */
  boolean complete(String worker, String jobId, int index, RecordOutcome outcome, Instant now);

  /**
   * Gives a leased record back to run again no earlier than {@code notBefore} (after a retryable
   * failure). Returns whether {@code worker} held it.
   */
  boolean retryLater(String worker, String jobId, int index, Instant notBefore);

  /** Extends every lease {@code worker} holds, records and jobs, to {@code until}. */
  void renewLeases(String worker, Instant until);

  /** Gives back every lease {@code worker} holds (on a graceful stop), records to PENDING. */
  void releaseLeases(String worker);

  /**
   * Stores the outcomes of records of a natively executed job that are still pending (keyed by
   * index), with their ledger records and the job's counts, in one transaction.
   *
   * @throws LeaseLostException when {@code worker} no longer holds the job's lease
   */
  int completeNative(String worker, String jobId, Map<Integer, RecordOutcome> outcomes, Instant now);

  /** Marks every record of the job not done and not leased as SKIPPED; returns how many. */
  int skipPending(String jobId);

  /** Whether some record of the job is still pending or leased. */
  boolean hasUnfinishedRecords(String jobId);

  /** Up to {@code limit} records of the job from index {@code fromIndex} on, in index order. */
  List<BatchRecord> records(String jobId, int fromIndex, int limit);
}
