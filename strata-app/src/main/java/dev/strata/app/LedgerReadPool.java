package dev.strata.app;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Runs ledger reports on a few platform threads of their own. A report over millions of records
 * is hundreds of milliseconds inside SQLite's native code, and a virtual thread in native code
 * holds its carrier: two such reports would hold both carriers of a 2-core machine, and every
 * other admin call — listing keys, reading budgets — would wait behind them. Here the caller's
 * virtual thread parks while the report runs, and the OS shares the cores between the report and
 * the rest.
 */
final class LedgerReadPool implements AutoCloseable {
  private final ExecutorService threads;

  LedgerReadPool(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, was " + threads);
    }
    this.threads =
        Executors.newFixedThreadPool(
            threads, Thread.ofPlatform().daemon().name("strata-ledger-read-", 0).factory());
  }

  /** Runs {@code read} on the pool and waits for it; its exceptions reach the caller as they are. */
  <T> T call(Supplier<T> read) {
    Future<T> result = threads.submit(read::get);
    try {
      return result.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException unchecked) {
        throw unchecked;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException("ledger read failed", e.getCause());
    } catch (InterruptedException e) {
      result.cancel(true);
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while waiting for a ledger read");
    }
  }

  /** Takes no more reads; those running finish. */
  @Override
  public void close() {
    threads.shutdown();
  }
}
