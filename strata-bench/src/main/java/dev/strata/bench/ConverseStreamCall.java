package dev.strata.bench;

import static java.util.Objects.requireNonNull;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import java.util.Optional;

/**
 * One ConverseStream request: times it from the moment it is handed to the client until the first
 * byte of the event-stream body arrives, and until the end; checks the answer and reports exactly
 * once to {@link StreamTimings}, then runs {@code done}.
 */
final class ConverseStreamCall {

  private static final String EVENT_STREAM = "application/vnd.amazon.eventstream";
  /** A bound on the body kept for the check; a few chunks are far below it. */
  private static final int MAX_BODY_BYTES = 1 << 20;

  private final HttpClient client;
  private final RequestOptions options;
  private final Buffer body;
  private final StreamTimings timings;
  private final Runnable done;
  private final Buffer received = Buffer.buffer(512);
  private long sentNanos;
  private long firstByteNanos;
  private boolean finished;

  ConverseStreamCall(
      HttpClient client,
      RequestOptions options,
      Buffer body,
      StreamTimings timings,
      Runnable done) {
    this.client = requireNonNull(client, "client");
    this.options = requireNonNull(options, "options");
    this.body = requireNonNull(body, "body");
    this.timings = requireNonNull(timings, "timings");
    this.done = requireNonNull(done, "done");
  }

  /** Sends the request; call on the run's event loop, where every callback then runs too. */
  void start() {
    sentNanos = System.nanoTime();
    client
        .request(options)
        .compose(request -> request.send(body))
        .onSuccess(this::read)
        .onFailure(error -> finish(Optional.of(cause(error)), System.nanoTime()));
  }

  private void read(HttpClientResponse response) {
    response.handler(
        chunk -> {
          if (firstByteNanos == 0 && chunk.length() > 0) {
            firstByteNanos = System.nanoTime();
          }
          if (received.length() + chunk.length() <= MAX_BODY_BYTES) {
            received.appendBuffer(chunk);
          }
        });
    response.exceptionHandler(error -> finish(Optional.of(cause(error)), System.nanoTime()));
    response.endHandler(
        end -> {
          long endNanos = System.nanoTime();
          finish(problem(response), endNanos);
        });
  }

  private Optional<String> problem(HttpClientResponse response) {
    if (response.statusCode() != 200) {
      return Optional.of("status " + response.statusCode());
    }
    String type = response.getHeader("content-type");
    if (type == null || !type.startsWith(EVENT_STREAM)) {
      return Optional.of("content-type " + type);
    }
    return EventStreamBodyCheck.problem(received.getBytes());
  }

  private void finish(Optional<String> problem, long endNanos) {
    if (finished) {
      return;
    }
    finished = true;
    if (problem.isPresent()) {
      timings.failed(problem.get());
    } else {
      timings.succeeded(firstByteNanos - sentNanos, endNanos - sentNanos);
    }
    done.run();
  }

  private static String cause(Throwable error) {
    String cause = error.getClass().getSimpleName() + ": " + error.getMessage();
    return cause.length() > 100 ? cause.substring(0, 100) : cause;
  }
}
