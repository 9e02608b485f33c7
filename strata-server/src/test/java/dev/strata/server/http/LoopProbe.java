package dev.strata.server.http;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/** Runs code on a Vert.x event loop, and tells whether the loop could run while a thread spun. */
final class LoopProbe {
  private static final long SPIN_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private LoopProbe() {}

  /** Runs {@code action} on {@code loop}'s thread and returns its result. */
  static <T> T on(Context loop, Supplier<T> action) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    loop.runOnContext(
        start -> {
          try {
            result.complete(action.get());
          } catch (RuntimeException e) {
            result.completeExceptionally(e);
          }
        });
    return result.get(10, TimeUnit.SECONDS);
  }

  /** A fresh event-loop context of {@code vertx}. */
  static Context loopOf(Vertx vertx) {
    Context context = vertx.getOrCreateContext();
    if (!context.isEventLoopContext()) {
      throw new IllegalStateException("call from a test thread, not a Vert.x thread");
    }
    return context;
  }

  /**
   * Queues a task on {@code loop}, then keeps the calling thread busy — never parking — for 100 ms,
   * and returns whether the task ran meanwhile. A thread carried by that loop holds it, so the
   * answer is then always false.
   */
  static boolean loopRanWhileSpinning(Context loop) {
    AtomicBoolean ran = new AtomicBoolean();
    loop.runOnContext(task -> ran.set(true));
    long until = System.nanoTime() + SPIN_NANOS;
    while (System.nanoTime() < until && !ran.get()) {
      Thread.onSpinWait();
    }
    return ran.get();
  }
}
