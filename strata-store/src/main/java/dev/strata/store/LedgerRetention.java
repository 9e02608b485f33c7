package dev.strata.store;

import static java.util.Objects.requireNonNull;

import java.lang.System.Logger.Level;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;

/**
 * Deletes raw usage records older than the retention period; the hourly rollups are kept, so cost
 * reports over whole hours still cover the pruned period. Deletes in bounded batches, each its own
 * short transaction, so the ledger writer waits at most one batch. A retention of zero days keeps
 * records forever.
 */
public final class LedgerRetention {
  /** Records deleted per transaction by default. */
  public static final int DEFAULT_BATCH = 5_000;

  private static final System.Logger LOG = System.getLogger(LedgerRetention.class.getName());
  private static final NamedSql SQL = NamedSql.load("ledger.sql");

  private final Database database;
  private final int retentionDays;
  private final int batchSize;

  public LedgerRetention(Database database, int retentionDays) {
    this(database, retentionDays, DEFAULT_BATCH);
  }

  public LedgerRetention(Database database, int retentionDays, int batchSize) {
    this.database = requireNonNull(database, "database");
    if (retentionDays < 0) {
      throw new IllegalArgumentException(
          "ledger retention must be 0 (keep forever) or a number of days, was " + retentionDays);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("retention batchSize must be at least 1, was " + batchSize);
    }
    this.retentionDays = retentionDays;
    this.batchSize = batchSize;
  }

  /** Deletes the records started before {@code now} minus the retention; returns how many. */
  public long prune(Instant now) {
    requireNonNull(now, "now");
    if (retentionDays == 0) {
      return 0;
    }
    long cutoff = now.minus(Duration.ofDays(retentionDays)).toEpochMilli();
    long deleted = 0;
    while (true) {
      int batch =
          database.write(
              "pruning old usage records",
              connection -> {
                try (PreparedStatement delete = connection.prepareStatement(SQL.get("prune_batch"))) {
                  delete.setLong(1, cutoff);
                  delete.setInt(2, batchSize);
                  return delete.executeUpdate();
                }
              });
      deleted += batch;
      if (batch < batchSize) {
        break;
      }
      Thread.yield(); // let a waiting ledger batch take the write connection between deletes
    }
    if (deleted > 0) {
      LOG.log(
          Level.INFO,
          "pruned " + deleted + " usage records older than " + retentionDays + " days");
    }
    return deleted;
  }

  @Override
  public String toString() {
    return "LedgerRetention[" + (retentionDays == 0 ? "forever" : retentionDays + " days") + "]";
  }
}
