package dev.strata.store;

import static java.util.Objects.requireNonNull;

import dev.strata.core.ledger.UsageRecord;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ledger's background writer: takes a batch from the queue (up to batchSize entries, or what
 * arrives within flushInterval of the first, or up to a barrier), stores it in one transaction and
 * completes the batch's barriers. A batch that fails is retried with backoff until it is stored.
 */
final class LedgerWriter implements Runnable {
  private static final System.Logger LOG = System.getLogger(LedgerWriter.class.getName());
  private static final NamedSql SQL = NamedSql.load("ledger.sql");
  private static final long FIRST_BACKOFF_MILLIS = 50;
  private static final long MAX_BACKOFF_MILLIS = 5_000;

  private final Database database;
  private final BlockingQueue<LedgerEntry> queue;
  private final int batchSize;
  private final long flushIntervalNanos;
  private final AtomicLong written;

  LedgerWriter(
      Database database,
      BlockingQueue<LedgerEntry> queue,
      LedgerOptions options,
      AtomicLong written) {
    this.database = requireNonNull(database, "database");
    this.queue = requireNonNull(queue, "queue");
    this.batchSize = options.batchSize();
    this.flushIntervalNanos = options.flushInterval().toNanos();
    this.written = requireNonNull(written, "written");
  }

  @Override
  public void run() {
    try {
      List<LedgerEntry> batch = new ArrayList<>(batchSize);
      boolean closed = false;
      while (!closed) {
        collect(batch);
        List<UsageRecord> records = new ArrayList<>(batch.size());
        List<LedgerEntry.Barrier> barriers = new ArrayList<>();
        for (LedgerEntry entry : batch) {
          switch (entry) {
            case LedgerEntry.Append append -> records.add(append.record());
            case LedgerEntry.Barrier barrier -> barriers.add(barrier);
          }
        }
        store(records);
        written.addAndGet(records.size());
        for (LedgerEntry.Barrier barrier : barriers) {
          barrier.stored().complete(null);
          closed |= barrier.last();
        }
        batch.clear();
      }
    } catch (Throwable defect) {
      LOG.log(
          Level.ERROR, "the ledger writer stopped; records still queued are not stored", defect);
      throw defect;
    }
  }

  /**
   * Collects a batch: the first entry, then whatever arrives until the flush interval has passed,
   * the batch is full or a barrier asks for it. Between drains the writer parks instead of waking
   * for every record — appenders unpark it when a full batch is waiting or a barrier is queued —
   * so the request path pays no wake-up per record.
   */
  private void collect(List<LedgerEntry> batch) {
    batch.add(take());
    long deadline = System.nanoTime() + flushIntervalNanos;
    int checked = 0;
    while (true) {
      for (; checked < batch.size(); checked++) {
        if (batch.get(checked) instanceof LedgerEntry.Barrier) {
          return; // someone waits for this batch: write it now
        }
      }
      if (batch.size() >= batchSize) {
        return;
      }
      if (queue.drainTo(batch, batchSize - batch.size()) > 0) {
        continue;
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        return;
      }
      LockSupport.parkNanos(this, remaining);
    }
  }

  private void store(List<UsageRecord> records) {
    if (records.isEmpty()) {
      return;
    }
    long backoff = FIRST_BACKOFF_MILLIS;
    for (int attempt = 1; ; attempt++) {
      try {
        database.transaction(connection -> insert(connection, records));
        if (attempt > 1) {
          LOG.log(
              Level.WARNING,
              "stored a batch of %d ledger records after %d attempts"
                  .formatted(records.size(), attempt));
        }
        return;
      } catch (SQLException | RuntimeException e) {
        LOG.log(
            Level.WARNING,
            "could not store a batch of %d ledger records (attempt %d), retrying in %d ms: %s"
                .formatted(records.size(), attempt, backoff, e.getMessage()));
        sleep(backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
      }
    }
  }

  /**
   * Inserts the batch and, in the same transaction, adds the records actually inserted (not those
   * whose request id was already stored) to the hourly and daily rollups. Also used by
   * {@link SqlBatchQueue}, which stores a batch record's ledger row with its outcome.
   */
  static Void insert(Connection connection, List<UsageRecord> records) throws SQLException {
    int[] counts;
    try (PreparedStatement insert = connection.prepareStatement(SQL.get("insert"))) {
      for (UsageRecord record : records) {
        UsageRecordColumns.bind(insert, record);
        insert.addBatch();
      }
      counts = insert.executeBatch();
    }
    List<RollupBatch> rollups = new ArrayList<>();
    for (RollupTable table : RollupTable.values()) {
      rollups.add(new RollupBatch(table));
    }
    for (int i = 0; i < records.size(); i++) {
      if (counts[i] > 0 || counts[i] == Statement.SUCCESS_NO_INFO) {
        for (RollupBatch rollup : rollups) {
          rollup.add(records.get(i));
        }
      }
    }
    for (RollupBatch rollup : rollups) {
      rollup.store(connection);
    }
    return null;
  }

  // The writer ends only through a closing barrier, never by interruption, so it cannot drop
  // what is queued; an interrupt is ignored.

  private LedgerEntry take() {
    while (true) {
      try {
        return queue.take();
      } catch (InterruptedException ignored) {
        // see above
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException ignored) {
      // retry sooner
    }
  }
}
