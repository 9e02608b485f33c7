package dev.strata.providers.http;

import static java.util.Objects.requireNonNull;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Hands a response body from the event loop to the blocked calling thread. The queue is bounded by
 * flow control: at {@link #PAUSE_AT} pending chunks the response is paused, so a slow reader slows
 * the upstream (through TCP) instead of filling memory, and it resumes once the reader catches up.
 */
final class InboundChunks {
  static final int PAUSE_AT = 32;
  static final int RESUME_AT = 8;

  /** What the event loop delivered. */
  sealed interface Signal {
    record Data(Buffer bytes) implements Signal {}

    record End() implements Signal {}

    record Failed(Throwable cause) implements Signal {}
  }

  private final HttpClientResponse response;
  private final LinkedBlockingQueue<Signal> queue = new LinkedBlockingQueue<>();
  private final ReentrantLock flow = new ReentrantLock();
  private boolean paused;

  /** Takes over {@code response}'s handlers; call on the event loop that delivered it. */
  InboundChunks(HttpClientResponse response) {
    this.response = requireNonNull(response, "response");
    response.handler(this::received);
    response.endHandler(end -> queue.add(new Signal.End()));
    response.exceptionHandler(failure -> queue.add(new Signal.Failed(failure)));
  }

  private void received(Buffer bytes) {
    flow.lock();
    try {
      queue.add(new Signal.Data(bytes));
      if (!paused && queue.size() >= PAUSE_AT) {
        paused = true;
        response.pause();
      }
    } finally {
      flow.unlock();
    }
  }

  /** The next signal, or null when none came within {@code timeout}. */
  Signal poll(Duration timeout) throws InterruptedException {
    flow.lock();
    try {
      if (paused && queue.size() <= RESUME_AT) {
        paused = false;
        response.resume();
      }
    } finally {
      flow.unlock();
    }
    return queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }
}
