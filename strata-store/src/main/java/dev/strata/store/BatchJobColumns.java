package dev.strata.store;

import static dev.strata.store.UsageRecordColumns.text;

import dev.strata.core.auth.Principal;
import dev.strata.core.batch.BatchApi;
import dev.strata.core.batch.BatchJob;
import dev.strata.core.batch.BatchStatus;
import dev.strata.core.batch.Execution;
import dev.strata.core.batch.NativeBatch;
import dev.strata.core.batch.RequestCounts;
import dev.strata.core.objectstore.ObjectRef;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Maps a {@link BatchJob} to the columns of {@code batch_jobs} and back: the principal as key id,
 * tenant, team, app and tags JSON like the ledger; metadata, details and errors as JSON text; enums
 * by their lower-case names; times to the millisecond.
 */
final class BatchJobColumns {
  private BatchJobColumns() {}

  /** Binds the parameters of {@code batch.sql}'s {@code insert_job}, in its column order. */
  static void bindInsert(PreparedStatement insert, BatchJob job, Instant attentionAt)
      throws SQLException {
    Principal owner = job.owner();
    int i = 0;
    insert.setString(++i, text(job.id()));
    insert.setString(++i, job.api().wireName());
    insert.setString(++i, text(job.name()));
    insert.setString(++i, text(owner.keyId()));
    insert.setString(++i, text(owner.tenant()));
    insert.setString(++i, text(owner.team()));
    insert.setString(++i, text(owner.app()));
    insert.setString(++i, text(TagsJson.write(owner.tags())));
    insert.setString(++i, text(job.model()));
    insert.setString(++i, text(job.endpoint()));
    insert.setString(++i, job.input().bucket());
    insert.setString(++i, job.input().key());
    insert.setString(++i, job.output().bucket());
    insert.setString(++i, job.output().prefix());
    insert.setString(++i, name(job.status()));
    insert.setString(++i, name(job.execution()));
    insert.setLong(++i, job.createdAt().toEpochMilli());
    insert.setLong(++i, job.expiresAt().toEpochMilli());
    setInstant(insert, ++i, job.startedAt());
    setInstant(insert, ++i, job.finishedAt());
    insert.setLong(++i, job.counts().total());
    insert.setLong(++i, job.counts().completed());
    insert.setLong(++i, job.counts().failed());
    insert.setString(++i, text(TagsJson.write(job.metadata())));
    insert.setString(++i, text(TagsJson.write(job.details())));
    insert.setString(++i, text(BatchErrorsJson.write(job.errors())));
    setText(insert, ++i, job.outputFileId());
    setText(insert, ++i, job.errorFileId());
    setText(insert, ++i, job.nativeBatch().map(NativeBatch::provider));
    setText(insert, ++i, job.nativeBatch().map(NativeBatch::upstreamModel));
    setText(insert, ++i, job.nativeBatch().map(NativeBatch::upstreamBatchId));
    setText(insert, ++i, job.clientToken());
    insert.setLong(++i, attentionAt.toEpochMilli());
  }

  /** Binds the parameters of {@code batch.sql}'s {@code save_job}, in its order. */
  static void bindSave(PreparedStatement update, BatchJob job, String worker) throws SQLException {
    int i = 0;
    update.setString(++i, text(job.name()));
    update.setString(++i, text(job.model()));
    update.setString(++i, text(job.endpoint()));
    update.setString(++i, job.input().bucket());
    update.setString(++i, job.input().key());
    update.setString(++i, job.output().bucket());
    update.setString(++i, job.output().prefix());
    update.setInt(++i, job.status().isTerminal() ? 1 : 0);
    update.setString(++i, name(job.status()));
    update.setString(++i, name(job.execution()));
    update.setLong(++i, job.expiresAt().toEpochMilli());
    setInstant(update, ++i, job.startedAt());
    setInstant(update, ++i, job.finishedAt());
    update.setLong(++i, job.counts().total());
    update.setString(++i, text(TagsJson.write(job.metadata())));
    update.setString(++i, text(TagsJson.write(job.details())));
    update.setString(++i, text(BatchErrorsJson.write(job.errors())));
    setText(update, ++i, job.outputFileId());
    setText(update, ++i, job.errorFileId());
    setText(update, ++i, job.nativeBatch().map(NativeBatch::provider));
    setText(update, ++i, job.nativeBatch().map(NativeBatch::upstreamModel));
    setText(update, ++i, job.nativeBatch().map(NativeBatch::upstreamBatchId));
    update.setString(++i, job.id());
    update.setString(++i, worker);
  }

  /** The job in the current row of a query that selects {@code job_columns}. */
  static BatchJob read(ResultSet row) throws SQLException {
    String nativeProvider = row.getString("native_provider");
    Optional<NativeBatch> nativeBatch =
        nativeProvider == null
            ? Optional.empty()
            : Optional.of(
                new NativeBatch(
                    nativeProvider,
                    row.getString("native_model"),
                    row.getString("native_batch_id")));
    return new BatchJob(
        row.getString("id"),
        BatchApi.valueOf(upper(row.getString("api"))),
        row.getString("name"),
        new Principal(
            row.getString("key_id"),
            row.getString("tenant"),
            row.getString("team"),
            row.getString("app"),
            TagsJson.read(row.getString("tags_json"))),
        row.getString("model"),
        row.getString("endpoint"),
        new ObjectRef(row.getString("input_bucket"), row.getString("input_key")),
        new ObjectRef.Prefix(row.getString("output_bucket"), row.getString("output_prefix")),
        BatchStatus.valueOf(upper(row.getString("status"))),
        Execution.valueOf(upper(row.getString("execution"))),
        Instant.ofEpochMilli(row.getLong("created_at")),
        Instant.ofEpochMilli(row.getLong("expires_at")),
        optionalInstant(row, "started_at"),
        optionalInstant(row, "finished_at"),
        new RequestCounts(
            row.getLong("total_count"),
            row.getLong("completed_count"),
            row.getLong("failed_count")),
        TagsJson.read(row.getString("metadata_json")),
        TagsJson.read(row.getString("details_json")),
        BatchErrorsJson.read(row.getString("errors_json")),
        optionalText(row, "output_file_id"),
        optionalText(row, "error_file_id"),
        nativeBatch,
        optionalText(row, "client_token"));
  }

  /** An enum constant as stored: its lower-case name, e.g. {@code in_progress}. */
  static String name(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT);
  }

  private static String upper(String stored) {
    return stored.toUpperCase(Locale.ROOT);
  }

  private static void setInstant(PreparedStatement statement, int index, Optional<Instant> value)
      throws SQLException {
    if (value.isPresent()) {
      statement.setLong(index, value.get().toEpochMilli());
    } else {
      statement.setNull(index, Types.BIGINT);
    }
  }

  private static void setText(PreparedStatement statement, int index, Optional<String> value)
      throws SQLException {
    if (value.isPresent()) {
      statement.setString(index, text(value.get()));
    } else {
      statement.setNull(index, Types.VARCHAR);
    }
  }

  private static Optional<Instant> optionalInstant(ResultSet row, String column)
      throws SQLException {
    long millis = row.getLong(column);
    return row.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
  }

  private static Optional<String> optionalText(ResultSet row, String column) throws SQLException {
    return Optional.ofNullable(row.getString(column));
  }
}
