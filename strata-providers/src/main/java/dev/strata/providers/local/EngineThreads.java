package dev.strata.providers.local;

import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The platform threads that make every llama.cpp call. Native calls pin a virtual thread to its
 * carrier, so callers (virtual threads) never make them: they hand the work to one thread per slot
 * for generation, or to a small tokenizer pool for templates and token counts, and wait on the
 * result with a bounded timeout. Both pools have bounded queues.
 */
final class EngineThreads {
  static final int TOKENIZER_THREADS = 2;
  static final int TOKENIZER_QUEUE = 1024;

  private final String engine;
  private final ThreadPoolExecutor generation;
  private final ThreadPoolExecutor tokenizer;

  EngineThreads(String engine, int slots) {
    this.engine = engine;
    this.generation = pool(slots, slots, "strata-llama-" + engine + "-slot-");
    this.tokenizer =
        pool(TOKENIZER_THREADS, TOKENIZER_QUEUE, "strata-llama-" + engine + "-tokens-");
  }

  /**
   * Runs {@code work} on the tokenizer pool and waits up to {@code limit} for it.
   *
   * @param what what the work does, for error messages, e.g. {@code "count tokens"}
   */
  <T> T onTokenizer(String what, Duration limit, Callable<T> work) {
    Future<T> result;
    try {
      result = tokenizer.submit(work);
    } catch (RejectedExecutionException e) {
      throw refused(e);
    }
    try {
      return result.get(limit.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw failure(what, e.getCause());
    } catch (TimeoutException e) {
      result.cancel(false);
      throw StrataException.builder(
              ErrorKind.UPSTREAM_TIMEOUT,
              "the local engine did not " + what + " within " + limit.toSeconds() + " s")
          .cause(e)
          .build();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw StrataException.builder(
              ErrorKind.CLIENT_CLOSED, "interrupted while the local engine was busy")
          .cause(e)
          .build();
    }
  }

  /** Starts {@code job} on a generation thread; there is one per slot, so it never queues long. */
  void onSlotThread(Runnable job) {
    try {
      generation.execute(job);
    } catch (RejectedExecutionException e) {
      throw refused(e);
    }
  }

  /** Stops both pools; running native calls finish on their own threads, which are daemons. */
  void shutdown() {
    generation.shutdownNow();
    tokenizer.shutdown();
  }

  static StrataException failure(String what, Throwable cause) {
    if (cause instanceof StrataException strata) {
      return strata;
    }
    String message = cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage();
    return StrataException.builder(
            ErrorKind.UPSTREAM_ERROR, "the local engine failed to " + what + message)
        .cause(cause)
        .build();
  }

  private StrataException refused(RejectedExecutionException e) {
    return StrataException.builder(
            ErrorKind.UNAVAILABLE,
            "the local engine '" + engine + "' is shutting down or overloaded")
        .cause(e)
        .build();
  }

  private static ThreadPoolExecutor pool(int threads, int queue, String prefix) {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(queue),
            new DaemonThreads(prefix));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** Names the engine's threads and keeps them from holding the JVM open. */
  private static final class DaemonThreads implements ThreadFactory {
    private final String prefix;
    private final AtomicInteger count = new AtomicInteger();

    DaemonThreads(String prefix) {
      this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = Thread.ofPlatform().name(prefix + count.incrementAndGet()).unstarted(task);
      thread.setDaemon(true);
      return thread;
    }
  }
}
