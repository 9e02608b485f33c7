package dev.strata.server.http;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs request handlers on virtual threads, at most {@code maxInFlight} at once, and can wait until
 * none is running — so a server can shut down without cutting requests short.
 */
public final class RequestExecutor implements AutoCloseable {
  private final ExecutorService threads =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("strata-request-", 0).factory());
  private final int maxInFlight;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition idle = lock.newCondition();

  public RequestExecutor(int maxInFlight) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1");
    }
    this.maxInFlight = maxInFlight;
  }

  public int maxInFlight() {
    return maxInFlight;
  }

  /** Requests being served right now. */
  public int inFlight() {
    return Math.max(0, inFlight.get());
  }

  /** Starts {@code task} on a new virtual thread; false when the in-flight bound is reached. */
  public boolean tryExecute(Runnable task) {
    if (inFlight.incrementAndGet() > maxInFlight) {
      finished();
      return false;
    }
    try {
      threads.execute(
          () -> {
            try {
              task.run();
            } finally {
              finished();
            }
          });
      return true;
    } catch (RejectedExecutionException closed) {
      finished();
      return false;
    }
  }

  /** Waits until no task runs; false if some still ran when {@code timeout} passed. */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long remaining = timeout.toNanos();
    lock.lock();
    try {
      while (inFlight.get() > 0) {
        if (remaining <= 0) {
          return false;
        }
        remaining = idle.awaitNanos(remaining);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Accepts no more tasks; running ones go on. */
  @Override
  public void close() {
    threads.shutdown();
  }

  private void finished() {
    if (inFlight.decrementAndGet() == 0) {
      lock.lock();
      try {
        idle.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }
}
