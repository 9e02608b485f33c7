package dev.strata.store;

import static java.util.Objects.requireNonNull;

import dev.strata.core.batch.BatchJob;
import dev.strata.core.batch.BatchListQuery;
import dev.strata.core.batch.BatchQueue;
import dev.strata.core.batch.BatchRecord;
import dev.strata.core.batch.ClaimedRecord;
import dev.strata.core.batch.LeaseLostException;
import dev.strata.core.batch.RecordOutcome;
import dev.strata.core.batch.RecordState;
import dev.strata.core.ledger.UsageRecord;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The batch queue in the {@code batch_jobs} and {@code batch_records} tables, shared by every
 * Strata instance on the database. A record's outcome, its ledger row (with the ledger's hourly and
 * daily rollups) and its job's counts are stored in one transaction, and only while the worker
 * still holds the record's lease; on PostgreSQL, concurrent claims skip the rows another
 * transaction is claiming ({@code FOR UPDATE SKIP LOCKED}), on SQLite the single writer serialises
 * them.
 *
 * <p>Two rules keep concurrent changes from being lost: {@link #saveJob} and {@link #schedule}
 * never replace CANCELLING with a status that is not terminal, and never change the completed and
 * failed counts, which only completing records changes; and attention asked for while a job is
 * leased (its last record done, a cancel request) outlives {@link #releaseJob}. The clock dates
 * cancel requests and decides, in {@link #skipPending}, which leases have run out.
 */
public final class SqlBatchQueue implements BatchQueue {
  private final Database database;
  private final Clock clock;
  private final BatchJobTable jobs;
  private final BatchRecordTable records;

  public SqlBatchQueue(Database database, Clock clock) {
    this.database = requireNonNull(database, "database");
    this.clock = requireNonNull(clock, "clock");
    this.jobs = new BatchJobTable(database.dialect());
    this.records = new BatchRecordTable(database.dialect());
  }

  @Override
  public BatchJob submit(BatchJob job) {
    requireNonNull(job, "job");
    return database.write(
        "submitting the batch job " + job.id(),
        connection -> {
          Optional<BatchJob> earlier = sameToken(connection, job);
          if (earlier.isPresent()) {
            return earlier.get();
          }
          if (jobs.insert(connection, job, job.createdAt())) {
            return jobs.byId(connection, job.id()).orElseThrow();
          }
          // Lost a race with a submission of the same token, or the id is taken.
          return sameToken(connection, job)
              .orElseThrow(
                  () -> new IllegalStateException("a batch job with id " + job.id() + " exists"));
        });
  }

  private Optional<BatchJob> sameToken(Connection connection, BatchJob job) throws SQLException {
    if (job.clientToken().isEmpty()) {
      return Optional.empty();
    }
    return jobs.byClientToken(connection, job.owner().keyId(), job.clientToken().get());
  }

  @Override
  public Optional<BatchJob> job(String id) {
    requireNonNull(id, "id");
    return database.read("reading the batch job " + id, connection -> jobs.byId(connection, id));
  }

  @Override
  public List<BatchJob> list(BatchListQuery query) {
    requireNonNull(query, "query");
    return database.read("listing batch jobs", connection -> jobs.list(connection, query));
  }

  @Override
  public Optional<BatchJob> requestCancel(String id) {
    requireNonNull(id, "id");
    return database.write(
        "cancelling the batch job " + id,
        connection -> {
          jobs.cancel(connection, id, clock.instant());
          return jobs.byId(connection, id);
        });
  }

  @Override
  public List<String> jobsNeedingAttention(Instant now, int max) {
    requireNonNull(now, "now");
    positive(max, "max");
    return database.read(
        "finding batch jobs that need attention",
        connection -> jobs.needingAttention(connection, now, max));
  }

  @Override
  public Optional<BatchJob> leaseJob(String id, String worker, Instant now, Instant until) {
    requireNonNull(id, "id");
    requireNonNull(worker, "worker");
    requireNonNull(now, "now");
    requireNonNull(until, "until");
    return database.write(
        "leasing the batch job " + id,
        connection ->
            jobs.lease(connection, id, worker, now, until)
                ? jobs.byId(connection, id)
                : Optional.<BatchJob>empty());
  }

  @Override
  public void saveJob(BatchJob job, String worker) {
    requireNonNull(job, "job");
    requireNonNull(worker, "worker");
    database.write(
        "saving the batch job " + job.id(),
        connection -> {
          if (!jobs.save(connection, job, worker)) {
            throw leaseLost(job.id(), worker);
          }
          return null;
        });
  }

  @Override
  public void schedule(BatchJob job, List<BatchRecord> jobRecords, String worker) {
    requireNonNull(job, "job");
    requireNonNull(jobRecords, "records");
    requireNonNull(worker, "worker");
    checkSchedulable(job, jobRecords);
    database.write(
        "scheduling the batch job " + job.id(),
        connection -> {
          if (!jobs.save(connection, job, worker)) {
            throw leaseLost(job.id(), worker);
          }
          records.insert(connection, jobRecords);
          return null;
        });
  }

  private static void checkSchedulable(BatchJob job, List<BatchRecord> jobRecords) {
    if (job.counts().total() != jobRecords.size()) {
      throw new IllegalArgumentException(
          "batch job "
              + job.id()
              + " counts "
              + job.counts().total()
              + " records but "
              + jobRecords.size()
              + " were given");
    }
    for (BatchRecord record : jobRecords) {
      if (!record.jobId().equals(job.id()) || record.state() != RecordState.PENDING) {
        throw new IllegalArgumentException(
            "record " + record.index() + " is not a pending record of batch job " + job.id());
      }
    }
  }

  @Override
  public void releaseJob(String id, String worker, Optional<Instant> revisitAt) {
    requireNonNull(id, "id");
    requireNonNull(worker, "worker");
    requireNonNull(revisitAt, "revisitAt");
    database.write(
        "releasing the batch job " + id,
        connection -> {
          jobs.release(connection, id, worker, revisitAt);
          return null;
        });
  }

  @Override
  public List<ClaimedRecord> claimRecords(String worker, int max, Instant now, Instant until) {
    requireNonNull(worker, "worker");
    requireNonNull(now, "now");
    requireNonNull(until, "until");
    positive(max, "max");
    return database.write(
        "claiming batch records",
        connection -> {
          List<ClaimedRecord> claimed = records.claim(connection, worker, max, now, until);
          String started = null;
          for (ClaimedRecord record : claimed) {
            if (!record.jobId().equals(started)) {
              jobs.start(connection, record.jobId(), now);
              started = record.jobId();
            }
          }
          return claimed;
        });
  }

  @Override
  public boolean complete(
      String worker, String jobId, int index, RecordOutcome outcome, Instant now) {
    requireNonNull(worker, "worker");
    requireNonNull(jobId, "jobId");
    requireNonNull(outcome, "outcome");
    requireNonNull(now, "now");
    return database.write(
        "completing record " + index + " of the batch job " + jobId,
        connection -> {
          if (!records.finish(connection, jobId, index, outcome, now, Optional.of(worker))) {
            return false;
          }
          settle(connection, jobId, List.of(outcome), now);
          return true;
        });
  }

  /**
   * Appends the outcomes' ledger records, counts them in the job and, when no record is left to
   * run, asks for the job's attention. The count comes first: on PostgreSQL it locks the job's row,
   * so the look for unfinished records that follows sees every earlier completion committed.
   */
  private void settle(
      Connection connection, String jobId, List<RecordOutcome> outcomes, Instant now)
      throws SQLException {
    List<UsageRecord> ledger = new ArrayList<>();
    long succeeded = 0;
    for (RecordOutcome outcome : outcomes) {
      outcome.usage().ifPresent(ledger::add);
      succeeded += outcome.succeeded() ? 1 : 0;
    }
    if (!ledger.isEmpty()) {
      LedgerWriter.insert(connection, ledger);
    }
    jobs.countOutcomes(connection, jobId, succeeded, outcomes.size() - succeeded);
    if (!records.hasUnfinished(connection, jobId)) {
      jobs.requestAttention(connection, jobId, now);
    }
  }

  @Override
  public boolean retryLater(String worker, String jobId, int index, Instant notBefore) {
    requireNonNull(worker, "worker");
    requireNonNull(jobId, "jobId");
    requireNonNull(notBefore, "notBefore");
    return database.write(
        "giving back record " + index + " of the batch job " + jobId,
        connection -> records.retryLater(connection, worker, jobId, index, notBefore));
  }

  @Override
  public void renewLeases(String worker, Instant until) {
    requireNonNull(worker, "worker");
    requireNonNull(until, "until");
    database.write(
        "renewing batch leases",
        connection -> {
          records.renewLeases(connection, worker, until);
          jobs.renewLeases(connection, worker, until);
          return null;
        });
  }

  @Override
  public void releaseLeases(String worker) {
    requireNonNull(worker, "worker");
    database.write(
        "releasing batch leases",
        connection -> {
          records.releaseLeases(connection, worker);
          jobs.releaseLeases(connection, worker);
          return null;
        });
  }

  @Override
  public int completeNative(
      String worker, String jobId, Map<Integer, RecordOutcome> outcomes, Instant now) {
    requireNonNull(worker, "worker");
    requireNonNull(jobId, "jobId");
    requireNonNull(outcomes, "outcomes");
    requireNonNull(now, "now");
    return database.write(
        "storing native results of the batch job " + jobId,
        connection -> {
          if (!jobs.holdLease(connection, jobId, worker)) {
            throw leaseLost(jobId, worker);
          }
          List<RecordOutcome> stored = new ArrayList<>();
          for (Map.Entry<Integer, RecordOutcome> entry : outcomes.entrySet()) {
            if (records.finish(
                connection, jobId, entry.getKey(), entry.getValue(), now, Optional.empty())) {
              stored.add(entry.getValue());
            }
          }
          if (!stored.isEmpty()) {
            settle(connection, jobId, stored, now);
          }
          return stored.size();
        });
  }

  @Override
  public int skipPending(String jobId) {
    requireNonNull(jobId, "jobId");
    return database.write(
        "skipping the pending records of the batch job " + jobId,
        connection -> records.skip(connection, jobId, clock.instant()));
  }

  @Override
  public boolean hasUnfinishedRecords(String jobId) {
    requireNonNull(jobId, "jobId");
    return database.read(
        "looking for unfinished records of the batch job " + jobId,
        connection -> records.hasUnfinished(connection, jobId));
  }

  @Override
  public List<BatchRecord> records(String jobId, int fromIndex, int limit) {
    requireNonNull(jobId, "jobId");
    positive(limit, "limit");
    return database.read(
        "reading records of the batch job " + jobId,
        connection -> records.page(connection, jobId, Math.max(0, fromIndex), limit));
  }

  private static LeaseLostException leaseLost(String jobId, String worker) {
    return new LeaseLostException(
        "worker " + worker + " no longer holds the lease on batch job " + jobId);
  }

  private static void positive(int value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, not " + value);
    }
  }

  @Override
  public String toString() {
    return "SqlBatchQueue[" + database + "]";
  }
}
