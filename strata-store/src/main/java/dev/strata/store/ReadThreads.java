package dev.strata.store;

import java.sql.SQLException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs reads called from virtual threads on a few platform threads of their own. A JDBC call is
 * native code (SQLite) or a blocking socket read inside synchronized driver code, and a virtual
 * thread there holds its carrier: a report over millions of records takes seconds, so two of them
 * held both carriers of a 2-core machine and every other virtual thread — the gateway's requests
 * included — waited behind them (a 5 ms call took 23 s). Here the virtual thread parks while the
 * read runs, and the OS shares the cores between the read and the rest. Platform threads read in
 * place.
 */
final class ReadThreads implements AutoCloseable {
  private final ExecutorService threads;

  ReadThreads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, was " + threads);
    }
    this.threads =
        Executors.newFixedThreadPool(
            threads, Thread.ofPlatform().daemon().name("strata-db-read-", 0).factory());
  }

  /** A read to run: borrows its own connection. */
  interface Read<T> {
    T run() throws SQLException;
  }

  /** Runs {@code read}, on a platform thread of the pool when called from a virtual thread. */
  <T> T call(Read<T> read) throws SQLException {
    if (!Thread.currentThread().isVirtual()) {
      return read.run();
    }
    Future<T> result = threads.submit(read::run);
    try {
      return result.get();
    } catch (ExecutionException e) {
      switch (e.getCause()) {
        case SQLException sql -> throw sql;
        case RuntimeException unchecked -> throw unchecked;
        case Error error -> throw error;
        default -> throw new IllegalStateException("database read failed", e.getCause());
      }
    } catch (InterruptedException e) {
      result.cancel(true);
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while waiting for a database read");
    }
  }

  /** Takes no more reads; those running finish. */
  @Override
  public void close() {
    threads.shutdown();
  }
}
