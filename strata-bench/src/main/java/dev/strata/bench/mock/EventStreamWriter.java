package dev.strata.bench.mock;

import static java.util.Objects.requireNonNull;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.List;

/**
 * Writes server-sent events one by one with a delay between them; when told to break, closes the
 * connection after {@code breakAfter} events instead of ending the response.
 */
final class EventStreamWriter {

  private final Vertx vertx;
  private final HttpServerRequest request;
  private final List<String> events;
  private final long delayMillis;
  private final int limit;
  private final boolean breaks;
  private Future<Void> lastWrite;

  /**
   * @param breakAfter the number of events to send before breaking the connection, or -1 to send
   *     them all and end the response
   */
  EventStreamWriter(
      Vertx vertx, HttpServerRequest request, List<String> events, Duration delay, int breakAfter) {
    this.vertx = requireNonNull(vertx, "vertx");
    this.request = requireNonNull(request, "request");
    this.events = List.copyOf(events);
    this.delayMillis = delay.isZero() ? 0 : Math.max(1, delay.toMillis());
    this.breaks = breakAfter >= 0;
    this.limit = breaks ? Math.min(breakAfter, events.size()) : events.size();
  }

  void start() {
    request
        .response()
        .setStatusCode(200)
        .putHeader("content-type", "text/event-stream")
        .putHeader("cache-control", "no-cache")
        .setChunked(true);
    if (delayMillis == 0) {
      writeAtOnce();
    } else {
      writeFrom(0);
    }
  }

  /** Without delays every event goes out in one write, as cheaply as a whole answer. */
  private void writeAtOnce() {
    String all = String.join("", events.subList(0, limit));
    if (breaks) {
      lastWrite = all.isEmpty() ? request.response().writeHead() : request.response().write(all);
      breakConnection();
    } else {
      request.response().end(all);
    }
  }

  private void writeFrom(int index) {
    HttpServerResponse response = request.response();
    if (response.closed()) {
      return;
    }
    if (index == limit) {
      if (lastWrite == null) {
        lastWrite = response.writeHead();
      }
      breakConnection();
    } else if (index == limit - 1 && !breaks) {
      response.end(events.get(index));
    } else {
      lastWrite = response.write(events.get(index));
      vertx.setTimer(delayMillis, timer -> writeFrom(index + 1));
    }
  }

  /** Drops the connection once what was written has gone out: no end chunk, no [DONE]. */
  private void breakConnection() {
    lastWrite.onComplete(written -> request.connection().close());
  }
}
