package dev.strata.store;

import static java.util.Objects.requireNonNull;

import dev.strata.core.ledger.Ledger;
import dev.strata.core.ledger.UsageRecord;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The ledger in the {@code usage_records} table, written off the request path: {@link #append} puts
 * the record on a bounded queue (blocking while it is full, never dropping) and one background
 * thread stores the queue in batches, one transaction each, at least every flush interval. A batch
 * that cannot be stored (disk full, database locked) is retried with backoff and logged at WARNING
 * until it is stored; meanwhile the queue fills and appends wait, and so does {@link #close}. A
 * request id appended twice is stored once. Close the ledger before its {@link Database}.
 *
 * <p>What a crash can lose: a kill -9 loses the records not yet written, those in the queue and in
 * the batch being collected: at most {@code queueCapacity + batchSize} records, which under normal
 * load is the last {@code flushInterval} of traffic. {@link #close} stores everything and loses
 * nothing. (With SQLite's {@code synchronous=NORMAL} a stored batch survives a process crash; a
 * power failure can also take the last batches committed before it.) Timestamps are stored to the
 * millisecond.
 */
public final class SqlLedger implements Ledger {
  private final BlockingQueue<LedgerEntry> queue;
  private final AtomicLong appended = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final Thread writer;
  private final int batchSize;
  private final ReadWriteLock gate = new ReentrantReadWriteLock(); // appends share, close excludes
  private boolean closed; // guarded by gate

  public SqlLedger(Database database) {
    this(database, LedgerOptions.DEFAULTS);
  }

  public SqlLedger(Database database, LedgerOptions options) {
    requireNonNull(database, "database");
    requireNonNull(options, "options");
    this.queue = new ArrayBlockingQueue<>(options.queueCapacity());
    this.batchSize = options.batchSize();
    this.writer =
        Thread.ofPlatform()
            .name("strata-ledger-writer")
            .daemon(true)
            .start(new LedgerWriter(database, queue, options, written));
  }

  /**
   * Queues {@code record}; blocks while the queue is full.
   *
   * @throws IllegalStateException when the ledger is closed
   */
  @Override
  public void append(UsageRecord record) {
    requireNonNull(record, "record");
    gate.readLock().lock();
    try {
      if (closed || !writer.isAlive()) {
        throw new IllegalStateException(
            "the ledger is closed: record " + record.requestId() + " was not appended");
      }
      appended.incrementAndGet();
      enqueue(new LedgerEntry.Append(record));
    } finally {
      gate.readLock().unlock();
    }
  }

  /** Returns once every record appended before this call is stored. */
  @Override
  public void flush() {
    LedgerEntry.Barrier barrier = LedgerEntry.Barrier.flush();
    gate.readLock().lock();
    try {
      if (closed) {
        barrier = null;
      } else {
        enqueue(barrier);
      }
    } finally {
      gate.readLock().unlock();
    }
    if (barrier == null) {
      awaitWriterEnd();
    } else {
      await(barrier.stored());
    }
  }

  /**
   * Refuses further appends, stores everything queued, and returns; calling it again is harmless.
   */
  @Override
  public void close() {
    gate.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        enqueue(LedgerEntry.Barrier.close());
      }
    } finally {
      gate.writeLock().unlock();
    }
    awaitWriterEnd();
  }

  /** Records accepted by {@link #append} so far. */
  public long appended() {
    return appended.get();
  }

  /** Records stored so far (a duplicate request id counts, though only its first copy is kept). */
  public long written() {
    return written.get();
  }

  /** Records appended but not yet stored. */
  public long pending() {
    long stored = written.get(); // read first: appended only grows, and never lags written
    return appended.get() - stored;
  }

  private void enqueue(LedgerEntry entry) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          queue.put(entry);
          if (entry instanceof LedgerEntry.Barrier || queue.size() >= batchSize) {
            LockSupport.unpark(writer); // the writer parks between drains; wake it for a full batch
          }
          return;
        } catch (InterruptedException e) {
          interrupted = true; // a record is never dropped; the interrupt is kept for the caller
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void await(CompletableFuture<Void> stored) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          stored.get(1, TimeUnit.SECONDS);
          return;
        } catch (TimeoutException e) {
          if (!writer.isAlive()) {
            throw new IllegalStateException("the ledger writer has stopped; see the log", e);
          }
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          throw new IllegalStateException("the ledger writer failed", e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void awaitWriterEnd() {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          writer.join();
          return;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String toString() {
    return "SqlLedger[appended=" + appended() + ", written=" + written() + "]";
  }
}
