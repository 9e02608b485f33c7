package dev.strata.store;

import static java.util.Objects.requireNonNull;

import dev.strata.core.batch.BatchJob;
import dev.strata.core.batch.BatchListQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The statements on {@code batch_jobs}, each run on a connection the caller gives. */
final class BatchJobTable {
  private static final NamedSql SQL = NamedSql.load("batch.sql");
  private static final String COLUMNS = SQL.get("job_columns");

  private final Dialect dialect;

  BatchJobTable(Dialect dialect) {
    this.dialect = requireNonNull(dialect, "dialect");
  }

  /** Inserts the job; false when its id or its key's client token is already taken. */
  boolean insert(Connection connection, BatchJob job, Instant attentionAt) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(sql("insert_job"))) {
      BatchJobColumns.bindInsert(insert, job, attentionAt);
      return insert.executeUpdate() == 1;
    }
  }

  Optional<BatchJob> byId(Connection connection, String id) throws SQLException {
    return one(connection, "job_by_id", id);
  }

  Optional<BatchJob> byClientToken(Connection connection, String keyId, String token)
      throws SQLException {
    return one(connection, "job_by_client_token", keyId, token);
  }

  List<BatchJob> list(Connection connection, BatchListQuery query) throws SQLException {
    List<Object> values = new ArrayList<>(List.of(query.api().wireName(), query.tenant()));
    StringBuilder filters = new StringBuilder();
    if (query.status().isPresent()) {
      filters.append(' ').append(SQL.get("list_status"));
      values.add(BatchJobColumns.name(query.status().get()));
    }
    if (query.nameContains().isPresent()) {
      filters.append(' ').append(SQL.get(nameFilter()));
      values.add(query.nameContains().get());
    }
    if (query.after().isPresent()) {
      Optional<Long> cursor = createdAt(connection, query.after().get());
      if (cursor.isEmpty()) {
        return List.of(); // the cursor job is gone: nothing sorts after it any more
      }
      filters.append(' ').append(SQL.get("list_after"));
      values.addAll(List.of(cursor.get(), cursor.get(), query.after().get()));
    }
    values.add(query.limit());
    String sql = sql("list_jobs").replace("{filters}", filters);
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      for (int i = 0; i < values.size(); i++) {
        select.setObject(i + 1, values.get(i));
      }
      return jobs(select);
    }
  }

  /** Makes a job that is not terminal CANCELLING and asks for attention; false otherwise. */
  boolean cancel(Connection connection, String id, Instant now) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(SQL.get("cancel_job"))) {
      update.setLong(1, now.toEpochMilli());
      update.setLong(2, now.toEpochMilli());
      update.setString(3, id);
      return update.executeUpdate() == 1;
    }
  }

  List<String> needingAttention(Connection connection, Instant now, int max) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(SQL.get("jobs_needing_attention"))) {
      select.setLong(1, now.toEpochMilli());
      select.setLong(2, now.toEpochMilli());
      select.setLong(3, now.toEpochMilli());
      select.setInt(4, max);
      List<String> ids = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getString(1));
        }
      }
      return ids;
    }
  }

  boolean lease(Connection connection, String id, String worker, Instant now, Instant until)
      throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(SQL.get("lease_job"))) {
      update.setString(1, worker);
      update.setLong(2, until.toEpochMilli());
      update.setString(3, id);
      update.setString(4, worker);
      update.setLong(5, now.toEpochMilli());
      return update.executeUpdate() == 1;
    }
  }

  /** Saves the job's state if {@code worker} holds its lease; false otherwise. */
  boolean save(Connection connection, BatchJob job, String worker) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(SQL.get("save_job"))) {
      BatchJobColumns.bindSave(update, job, worker);
      return update.executeUpdate() == 1;
    }
  }

  /** Whether {@code worker} holds the job's lease; on PostgreSQL the row stays locked. */
  boolean holdLease(Connection connection, String id, String worker) throws SQLException {
    return update(connection, "hold_job_lease", id, worker) == 1;
  }

  void release(Connection connection, String id, String worker, Optional<Instant> revisitAt)
      throws SQLException {
    if (revisitAt.isEmpty()) {
      update(connection, "release_job", id, worker);
      return;
    }
    try (PreparedStatement update = connection.prepareStatement(SQL.get("release_job_until"))) {
      update.setLong(1, revisitAt.get().toEpochMilli());
      update.setLong(2, revisitAt.get().toEpochMilli());
      update.setString(3, id);
      update.setString(4, worker);
      update.executeUpdate();
    }
  }

  void renewLeases(Connection connection, String worker, Instant until) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(SQL.get("renew_jobs"))) {
      update.setLong(1, until.toEpochMilli());
      update.setString(2, worker);
      update.executeUpdate();
    }
  }

  void releaseLeases(Connection connection, String worker) throws SQLException {
    update(connection, "release_jobs", worker);
  }

  /** A SCHEDULED job becomes IN_PROGRESS, started at {@code now}. */
  void start(Connection connection, String id, Instant now) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(SQL.get("start_job"))) {
      update.setLong(1, now.toEpochMilli());
      update.setString(2, id);
      update.executeUpdate();
    }
  }

  void countOutcomes(Connection connection, String id, long completed, long failed)
      throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(SQL.get("count_outcomes"))) {
      update.setLong(1, completed);
      update.setLong(2, failed);
      update.setString(3, id);
      update.executeUpdate();
    }
  }

  /** The job needs attention from {@code now} on, even if it is leased and released meanwhile. */
  void requestAttention(Connection connection, String id, Instant now) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(SQL.get("request_attention"))) {
      update.setLong(1, now.toEpochMilli());
      update.setLong(2, now.toEpochMilli());
      update.setString(3, id);
      update.executeUpdate();
    }
  }

  private String nameFilter() {
    return switch (dialect) {
      case SQLITE -> "list_name_sqlite";
      case POSTGRESQL -> "list_name_postgresql";
    };
  }

  private static Optional<Long> createdAt(Connection connection, String id) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(SQL.get("job_created_at"))) {
      select.setString(1, id);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? Optional.of(rows.getLong(1)) : Optional.empty();
      }
    }
  }

  private static Optional<BatchJob> one(Connection connection, String statement, String... values)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(sql(statement))) {
      for (int i = 0; i < values.length; i++) {
        select.setString(i + 1, values[i]);
      }
      List<BatchJob> jobs = jobs(select);
      return jobs.isEmpty() ? Optional.empty() : Optional.of(jobs.get(0));
    }
  }

  private static List<BatchJob> jobs(PreparedStatement select) throws SQLException {
    List<BatchJob> jobs = new ArrayList<>();
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        jobs.add(BatchJobColumns.read(rows));
      }
    }
    return jobs;
  }

  private static int update(Connection connection, String statement, String... values)
      throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(SQL.get(statement))) {
      for (int i = 0; i < values.length; i++) {
        update.setString(i + 1, values[i]);
      }
      return update.executeUpdate();
    }
  }

  private static String sql(String statement) {
    return SQL.get(statement).replace("{job_columns}", COLUMNS);
  }
}
