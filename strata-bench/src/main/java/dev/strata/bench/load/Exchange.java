package dev.strata.bench.load;

import static java.util.Objects.requireNonNull;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request of a load run: sends it, reads the response to the end, and reports exactly once — a
 * success with its latencies from {@code scheduledNanos}, or an error — then runs {@code done}. A
 * request that takes longer than the timeout is reset and counted as an error.
 */
final class Exchange {

  private final Vertx vertx;
  private final HttpClient client;
  private final RequestOptions options;
  private final Buffer body;
  private final long timeoutMillis;
  private final LoadStats stats;
  private final Runnable done;
  private final long scheduledNanos;
  private final AtomicBoolean finished = new AtomicBoolean();
  private volatile HttpClientRequest request;
  private volatile long firstByteNanos;
  private long timer;

  Exchange(RunContext run, long scheduledNanos, Runnable done) {
    this.vertx = run.vertx();
    this.client = run.client();
    this.options = new RequestOptions(run.options());
    this.body = run.body().copy();
    this.timeoutMillis = run.timeoutMillis();
    this.stats = run.stats();
    this.scheduledNanos = scheduledNanos;
    this.done = requireNonNull(done, "done");
  }

  void start() {
    stats.sent();
    timer = vertx.setTimer(timeoutMillis, id -> timeOut());
    client.request(options).onSuccess(this::send).onFailure(error -> fail(cause(error)));
  }

  private void send(HttpClientRequest created) {
    request = created;
    if (finished.get()) {
      created.reset();
      return;
    }
    created.send(body).onSuccess(this::read).onFailure(error -> fail(cause(error)));
  }

  private void read(HttpClientResponse response) {
    int status = response.statusCode();
    response.handler(
        chunk -> {
          if (firstByteNanos == 0) {
            firstByteNanos = System.nanoTime();
          }
        });
    response.exceptionHandler(error -> fail(cause(error)));
    response.endHandler(
        end -> {
          long now = System.nanoTime();
          if (status / 100 != 2) {
            fail("status " + status);
          } else if (finish()) {
            long firstByte = firstByteNanos == 0 ? now : firstByteNanos;
            stats.succeeded(firstByte - scheduledNanos, now - scheduledNanos);
            done.run();
          }
        });
  }

  private void timeOut() {
    if (finish()) {
      HttpClientRequest started = request;
      if (started != null) {
        started.reset();
      }
      stats.failed("timeout");
      done.run();
    }
  }

  private void fail(String cause) {
    if (finish()) {
      stats.failed(cause);
      done.run();
    }
  }

  /** True for the one caller that finishes this exchange. */
  private boolean finish() {
    if (!finished.compareAndSet(false, true)) {
      return false;
    }
    vertx.cancelTimer(timer);
    return true;
  }

  private static String cause(Throwable error) {
    String message = String.valueOf(error.getMessage());
    String cause = error.getClass().getSimpleName() + ": " + message;
    return cause.length() > 100 ? cause.substring(0, 100) : cause;
  }
}
