package dev.strata.bench.load;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An open-loop run: request {@code i} is due at {@code start + i / rate}, whether or not earlier
 * ones were answered, and its latency is measured from that due time. A 1 ms periodic timer sends
 * every request that has come due, so a stalled event loop catches up instead of skipping sends.
 */
final class FixedRateRun {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final RunContext run;
  private final long rate;
  private final long total;
  private final AtomicLong inFlight = new AtomicLong();
  private final CompletableFuture<LoadResult> result = new CompletableFuture<>();
  private volatile boolean allSent;
  private long sent;
  private long startNanos;
  private long timer;

  FixedRateRun(RunContext run, int requestsPerSecond, Duration duration) {
    this.run = requireNonNull(run, "run");
    this.rate = requestsPerSecond;
    this.total = Math.max(1, duration.toNanos() * requestsPerSecond / NANOS_PER_SECOND);
  }

  CompletableFuture<LoadResult> start() {
    run.vertx().getOrCreateContext().runOnContext(ignored -> begin());
    return result;
  }

  private void begin() {
    startNanos = System.nanoTime();
    timer = run.vertx().setPeriodic(1, id -> sendDue());
    sendDue();
  }

  private void sendDue() {
    if (allSent) {
      return;
    }
    long due = Math.min(total, (System.nanoTime() - startNanos) * rate / NANOS_PER_SECOND + 1);
    for (; sent < due; sent++) {
      long scheduled = startNanos + sent * NANOS_PER_SECOND / rate;
      inFlight.incrementAndGet();
      new Exchange(run, scheduled, this::exchangeDone).start();
    }
    if (sent == total) {
      allSent = true;
      run.vertx().cancelTimer(timer);
      completeIfDrained();
    }
  }

  private void exchangeDone() {
    inFlight.decrementAndGet();
    completeIfDrained();
  }

  private void completeIfDrained() {
    if (allSent && inFlight.get() == 0) {
      result.complete(run.stats().result(Duration.ofNanos(System.nanoTime() - startNanos)));
    }
  }
}
