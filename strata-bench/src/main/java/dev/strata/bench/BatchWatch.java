package dev.strata.bench;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * Reads one batch's progress at a fixed interval on its own thread, keeping each change with the
 * time it was seen ({@link System#nanoTime}), so the benchmark can time the batch while it drives
 * interactive load. Gives up after several failed reads in a row.
 */
final class BatchWatch implements AutoCloseable {
  private static final int MAX_FAILED_READS = 20;

  /** A change of the batch's status or counts, and when it was seen. */
  record Observation(long nanos, BatchProgress progress) {
    Observation {
      requireNonNull(progress, "progress");
    }
  }

  /** Reads the progress of one batch. */
  @FunctionalInterface
  interface Source {
    BatchProgress read() throws IOException, InterruptedException;
  }

  private final Source source;
  private final Duration every;
  private final Thread thread;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final List<Observation> observations = new ArrayList<>();
  private String failure = "";
  private boolean stopped;

  private BatchWatch(Source source, Duration every) {
    this.source = requireNonNull(source, "source");
    this.every = requireNonNull(every, "every");
    this.thread = Thread.ofPlatform().name("batch-watch").daemon().unstarted(this::run);
  }

  static BatchWatch start(Source source, Duration every) {
    var watch = new BatchWatch(source, every);
    watch.thread.start();
    return watch;
  }

  /** The first observation with a finished record, or of a batch that ended without any. */
  Observation awaitFirstDone(Duration timeout) throws InterruptedException {
    return await(p -> p.done() > 0 || p.isTerminal(), timeout, "a first finished record");
  }

  /** The first observation of the batch in a terminal status. */
  Observation awaitTerminal(Duration timeout) throws InterruptedException {
    return await(BatchProgress::isTerminal, timeout, "the batch to end");
  }

  /** Every change seen so far, oldest first. */
  List<Observation> observations() {
    lock.lock();
    try {
      return List.copyOf(observations);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      stopped = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    thread.interrupt();
    try {
      thread.join(every.plusSeconds(30).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Observation await(Predicate<BatchProgress> wanted, Duration timeout, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (true) {
        for (Observation seen : observations) {
          if (wanted.test(seen.progress())) {
            return seen;
          }
        }
        if (!failure.isEmpty()) {
          throw new IllegalStateException("reading the batch's progress failed: " + failure);
        }
        long left = deadline - System.nanoTime();
        if (stopped || left <= 0) {
          Observation last = observations.isEmpty() ? null : observations.getLast();
          throw new IllegalStateException(
              "gave up waiting for " + what + " after " + timeout.toSeconds() + " s; last seen: "
                  + (last == null ? "nothing" : last.progress()));
        }
        changed.await(left, TimeUnit.NANOSECONDS);
      }
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    int failedInARow = 0;
    BatchProgress last = null;
    while (!Thread.currentThread().isInterrupted()) {
      long began = System.nanoTime();
      try {
        BatchProgress now = source.read();
        failedInARow = 0;
        if (!now.equals(last)) {
          record(new Observation(System.nanoTime(), now));
          last = now;
        }
        if (now.isTerminal()) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      } catch (IOException | RuntimeException e) {
        if (++failedInARow >= MAX_FAILED_READS) {
          fail(MAX_FAILED_READS + " reads in a row failed, the last with " + e);
          return;
        }
      }
      long pause = every.toNanos() - (System.nanoTime() - began);
      if (pause > 0) {
        try {
          TimeUnit.NANOSECONDS.sleep(pause); // the poll interval itself, not a wait for a condition
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  private void record(Observation observation) {
    lock.lock();
    try {
      observations.add(observation);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void fail(String why) {
    lock.lock();
    try {
      failure = why;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
