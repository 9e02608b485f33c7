package dev.strata.bench.load;

import static java.util.Objects.requireNonNull;

import io.vertx.core.Context;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A closed-loop run: {@code concurrency} workers each send a request as soon as their previous one
 * finished, until the duration is over. It measures how many requests per second a server takes.
 */
final class ClosedLoopRun {

  private final RunContext run;
  private final int concurrency;
  private final Duration duration;
  private final AtomicInteger working = new AtomicInteger();
  private final CompletableFuture<LoadResult> result = new CompletableFuture<>();
  private Context context;
  private long startNanos;
  private long deadlineNanos;

  ClosedLoopRun(RunContext run, int concurrency, Duration duration) {
    this.run = requireNonNull(run, "run");
    this.concurrency = concurrency;
    this.duration = requireNonNull(duration, "duration");
  }

  CompletableFuture<LoadResult> start() {
    Context created = run.vertx().getOrCreateContext();
    created.runOnContext(
        ignored -> {
          context = created;
          startNanos = System.nanoTime();
          deadlineNanos = startNanos + duration.toNanos();
          working.set(concurrency);
          for (int i = 0; i < concurrency; i++) {
            sendNext();
          }
        });
    return result;
  }

  private void sendNext() {
    long now = System.nanoTime();
    if (now - deadlineNanos >= 0) {
      if (working.decrementAndGet() == 0) {
        result.complete(run.stats().result(Duration.ofNanos(now - startNanos)));
      }
      return;
    }
    // The next send is a new task, so a run of instant failures cannot grow the stack.
    new Exchange(run, now, () -> context.runOnContext(ignored -> sendNext())).start();
  }
}
