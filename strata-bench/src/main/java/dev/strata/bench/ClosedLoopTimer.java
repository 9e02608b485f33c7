package dev.strata.bench;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Calls one operation in a closed loop on N platform threads for a while, timing each call in
 * nanoseconds into an HdrHistogram (one per thread, merged at the end, so recording takes no lock).
 * A call that throws is counted and its time still recorded.
 */
final class ClosedLoopTimer {
  /** How long after its phase a thread may take to finish before the run is abandoned. */
  private static final Duration GRACE = Duration.ofSeconds(60);

  /** The timed work: call {@code i} of thread {@code thread}. */
  @FunctionalInterface
  interface Call {
    void run(int thread, long i);
  }

  /** What one run measured. */
  record Result(Histogram nanos, long failures, String firstFailure) {
    Result {
      requireNonNull(nanos, "nanos");
      requireNonNull(firstFailure, "firstFailure");
    }
  }

  private ClosedLoopTimer() {}

  static Result run(int threads, Duration duration, Call call) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be positive, was " + threads);
    }
    CountDownLatch start = new CountDownLatch(1);
    List<Worker> workers = new ArrayList<>(threads);
    for (int t = 0; t < threads; t++) {
      Worker worker = new Worker(t, call, start, duration.toNanos());
      workers.add(worker);
      worker.thread.start();
    }
    start.countDown();
    Histogram merged = newHistogram();
    long failures = 0;
    String firstFailure = "";
    for (Worker worker : workers) {
      try {
        if (!worker.thread.join(duration.plus(GRACE))) {
          throw new IllegalStateException(
              "a benchmark thread did not finish within " + GRACE + " after its phase");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for benchmark threads", e);
      }
      merged.add(worker.nanos);
      failures += worker.failures;
      if (firstFailure.isEmpty() && worker.firstFailure != null) {
        firstFailure = worker.firstFailure;
      }
    }
    return new Result(merged, failures, firstFailure);
  }

  static Histogram newHistogram() {
    return new Histogram(3);
  }

  /** One thread of the loop; its fields are read only after it has been joined. */
  private static final class Worker implements Runnable {
    final Thread thread;
    final Histogram nanos = newHistogram();
    private final int index;
    private final Call call;
    private final CountDownLatch start;
    private final long durationNanos;
    long failures;
    String firstFailure;

    Worker(int index, Call call, CountDownLatch start, long durationNanos) {
      this.index = index;
      this.call = call;
      this.start = start;
      this.durationNanos = durationNanos;
      this.thread = Thread.ofPlatform().name("bench-" + index).daemon().unstarted(this);
    }

    @Override
    public void run() {
      try {
        if (!start.await(1, TimeUnit.MINUTES)) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      }
      long end = System.nanoTime() + durationNanos;
      long now = System.nanoTime();
      for (long i = 0; now < end; i++) {
        long began = now;
        try {
          call.run(index, i);
        } catch (RuntimeException e) {
          failures++;
          if (firstFailure == null) {
            firstFailure = e.toString();
          }
        }
        now = System.nanoTime();
        nanos.recordValue(now - began);
      }
    }
  }
}
