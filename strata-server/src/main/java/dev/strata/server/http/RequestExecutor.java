package dev.strata.server.http;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs request handlers on virtual threads, at most {@code maxInFlight} at once, and can wait until
 * none is running — so a server can shut down without cutting requests short. A handler runs on
 * the JDK's scheduler, or, when {@link #tryExecuteOnEventLoop asked} and this executor has {@link
 * EventLoopCarriers}, carried by the event loop that dispatches it.
 */
public final class RequestExecutor implements AutoCloseable {
  private final ExecutorService threads =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("strata-request-", 0).factory());
  private final Optional<EventLoopCarriers> carriers;
  private final int maxInFlight;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition idle = lock.newCondition();

  /** An executor running every handler on the JDK's scheduler. */
  public RequestExecutor(int maxInFlight) {
    this(maxInFlight, Optional.empty());
  }

  /** An executor that can run handlers carried by event loops, when {@code carriers} is present. */
  public RequestExecutor(int maxInFlight, Optional<EventLoopCarriers> carriers) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1");
    }
    this.maxInFlight = maxInFlight;
    this.carriers = requireNonNull(carriers, "carriers");
  }

  /** Whether {@link #tryExecuteOnEventLoop} can carry handlers on event loops. */
  public boolean carriesOnEventLoops() {
    return carriers.isPresent();
  }

  public int maxInFlight() {
    return maxInFlight;
  }

  /** Requests being served right now. */
  public int inFlight() {
    return Math.max(0, inFlight.get());
  }

  /**
   * Starts {@code task} on a new virtual thread on the JDK's scheduler; false when the in-flight
   * bound is reached or the executor is closed.
   */
  public boolean tryExecute(Runnable task) {
    return tryExecute(task, false);
  }

  /**
   * Starts {@code task} on a new virtual thread carried by the event loop the caller runs on —
   * or, when the caller is not on one or this executor has no carriers, on the JDK's scheduler;
   * false when the in-flight bound is reached or the executor is closed.
   */
  public boolean tryExecuteOnEventLoop(Runnable task) {
    return tryExecute(task, true);
  }

  private boolean tryExecute(Runnable task, boolean onEventLoop) {
    if (inFlight.incrementAndGet() > maxInFlight) {
      finished();
      return false;
    }
    Runnable counted =
        () -> {
          try {
            task.run();
          } finally {
            finished();
          }
        };
    try {
      Optional<Thread> carried =
          onEventLoop && !threads.isShutdown()
              ? carriers.flatMap(loops -> loops.unstarted(counted))
              : Optional.empty();
      if (carried.isPresent()) {
        carried.get().start();
      } else {
        threads.execute(counted);
      }
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
