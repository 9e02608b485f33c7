package dev.strata.store;

import static dev.strata.store.UsageRecordColumns.text;
import static java.util.Objects.requireNonNull;

import dev.strata.core.batch.BatchRecord;
import dev.strata.core.batch.ClaimedRecord;
import dev.strata.core.batch.RecordOutcome;
import dev.strata.core.batch.RecordState;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.model.Usage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The statements on {@code batch_records}, each run on a connection the caller gives. */
final class BatchRecordTable {
  private static final NamedSql SQL = NamedSql.load("batch.sql");
  private static final int INSERT_CHUNK = 500;

  private final Dialect dialect;

  BatchRecordTable(Dialect dialect) {
    this.dialect = requireNonNull(dialect, "dialect");
  }

  /** Inserts a job's records, all PENDING, in chunks. */
  void insert(Connection connection, List<BatchRecord> records) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(SQL.get("insert_record"))) {
      int pending = 0;
      for (BatchRecord record : records) {
        insert.setString(1, record.jobId());
        insert.setInt(2, record.index());
        insert.setString(3, text(record.customId()));
        insert.setString(4, text(record.input()));
        insert.setInt(5, record.attempts());
        insert.addBatch();
        if (++pending == INSERT_CHUNK) {
          insert.executeBatch();
          pending = 0;
        }
      }
      if (pending > 0) {
        insert.executeBatch();
      }
    }
  }

  /**
   * Leases up to {@code max} runnable records to {@code worker}, oldest job first, in index order.
   * On PostgreSQL the chosen rows are locked and rows another transaction is claiming are skipped;
   * on SQLite the transaction already holds the only write lock.
   */
  List<ClaimedRecord> claim(
      Connection connection, String worker, int max, Instant now, Instant until)
      throws SQLException {
    List<ClaimedRecord> candidates = new ArrayList<>(max);
    String sql = SQL.get("runnable_records").replace("{lock}", lockClause());
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      select.setLong(1, now.toEpochMilli());
      select.setLong(2, now.toEpochMilli());
      select.setLong(3, now.toEpochMilli());
      select.setInt(4, max);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          candidates.add(
              new ClaimedRecord(
                  rows.getString("job_id"),
                  rows.getInt("idx"),
                  rows.getString("custom_id"),
                  rows.getString("input"),
                  rows.getInt("attempts") + 1));
        }
      }
    }
    List<ClaimedRecord> claimed = new ArrayList<>(candidates.size());
    try (PreparedStatement lease = connection.prepareStatement(SQL.get("lease_record"))) {
      for (ClaimedRecord record : candidates) {
        lease.setString(1, worker);
        lease.setLong(2, until.toEpochMilli());
        lease.setString(3, record.jobId());
        lease.setInt(4, record.index());
        lease.setLong(5, now.toEpochMilli());
        if (lease.executeUpdate() == 1) {
          claimed.add(record);
        }
      }
    }
    return claimed;
  }

  /**
   * Stores a record's outcome: only while {@code worker} holds its lease when {@code worker} is
   * given, else only while it is still pending. Returns whether it was stored.
   */
  boolean finish(
      Connection connection,
      String jobId,
      int index,
      RecordOutcome outcome,
      Instant now,
      Optional<String> worker)
      throws SQLException {
    String condition = SQL.get(worker.isPresent() ? "finish_leased" : "finish_pending");
    String sql = SQL.get("finish_record").replace("{condition}", " " + condition);
    Usage usage = outcome.usage().map(UsageRecord::usage).orElse(Usage.ZERO);
    try (PreparedStatement update = connection.prepareStatement(sql)) {
      int i = 0;
      update.setString(
          ++i,
          BatchJobColumns.name(outcome.succeeded() ? RecordState.SUCCEEDED : RecordState.FAILED));
      update.setString(++i, text(outcome.output()));
      if (outcome.usage().isPresent()) {
        update.setString(++i, text(outcome.usage().get().requestId()));
      } else {
        update.setNull(++i, Types.VARCHAR);
      }
      update.setLong(++i, now.toEpochMilli());
      update.setLong(++i, usage.inputTokens());
      update.setLong(++i, usage.outputTokens());
      update.setLong(++i, usage.cacheReadInputTokens());
      update.setLong(++i, usage.cacheWrite5mInputTokens());
      update.setLong(++i, usage.cacheWrite1hInputTokens());
      update.setString(++i, jobId);
      update.setInt(++i, index);
      if (worker.isPresent()) {
        update.setString(++i, worker.get());
      }
      return update.executeUpdate() == 1;
    }
  }

  boolean retryLater(
      Connection connection, String worker, String jobId, int index, Instant notBefore)
      throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(SQL.get("retry_record"))) {
      update.setLong(1, notBefore.toEpochMilli());
      update.setString(2, jobId);
      update.setInt(3, index);
      update.setString(4, worker);
      return update.executeUpdate() == 1;
    }
  }

  void renewLeases(Connection connection, String worker, Instant until) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(SQL.get("renew_records"))) {
      update.setLong(1, until.toEpochMilli());
      update.setString(2, worker);
      update.executeUpdate();
    }
  }

  void releaseLeases(Connection connection, String worker) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(SQL.get("release_records"))) {
      update.setString(1, worker);
      update.executeUpdate();
    }
  }

  /** Skips the job's pending records and those whose lease ran out by {@code now}. */
  int skip(Connection connection, String jobId, Instant now) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(SQL.get("skip_records"))) {
      update.setString(1, jobId);
      update.setLong(2, now.toEpochMilli());
      return update.executeUpdate();
    }
  }

  boolean hasUnfinished(Connection connection, String jobId) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(SQL.get("unfinished_record"))) {
      select.setString(1, jobId);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next();
      }
    }
  }

  List<BatchRecord> page(Connection connection, String jobId, int fromIndex, int limit)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(SQL.get("records_page"))) {
      select.setString(1, jobId);
      select.setInt(2, fromIndex);
      select.setInt(3, limit);
      List<BatchRecord> records = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          records.add(record(rows));
        }
      }
      return records;
    }
  }

  private String lockClause() {
    return switch (dialect) {
      case SQLITE -> "";
      case POSTGRESQL -> " " + SQL.get("lock_postgresql");
    };
  }

  private static BatchRecord record(ResultSet row) throws SQLException {
    return new BatchRecord(
        row.getString("job_id"),
        row.getInt("idx"),
        row.getString("custom_id"),
        row.getString("input"),
        RecordState.valueOf(row.getString("state").toUpperCase(java.util.Locale.ROOT)),
        Optional.ofNullable(row.getString("output")),
        row.getInt("attempts"),
        new Usage(
            row.getLong("input_tokens"),
            row.getLong("output_tokens"),
            row.getLong("cache_read_tokens"),
            row.getLong("cache_write_5m_tokens"),
            row.getLong("cache_write_1h_tokens")));
  }
}
