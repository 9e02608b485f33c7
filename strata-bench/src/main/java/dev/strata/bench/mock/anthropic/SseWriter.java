package dev.strata.bench.mock.anthropic;

import static java.util.Objects.requireNonNull;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.List;

/**
 * Writes server-sent events one at a time with a delay between them, then ends the response — or,
 * when told to break, drops the connection after the first {@code breakAfter} events.
 */
final class SseWriter {
  private final Vertx vertx;
  private final HttpServerRequest request;
  private final List<String> events;
  private final long delayMillis;
  private final boolean breaks;

  /**
   * @param breakAfter how many events to send before dropping the connection, or -1 for all
   */
  SseWriter(
      Vertx vertx, HttpServerRequest request, List<String> events, Duration delay, int breakAfter) {
    this.vertx = requireNonNull(vertx, "vertx");
    this.request = requireNonNull(request, "request");
    this.breaks = breakAfter >= 0;
    this.events =
        List.copyOf(breaks ? events.subList(0, Math.min(breakAfter, events.size())) : events);
    this.delayMillis = delay.isZero() ? 0 : Math.max(1, delay.toMillis());
  }

  void start() {
    HttpServerResponse response = request.response();
    response
        .setStatusCode(200)
        .putHeader("content-type", "text/event-stream")
        .putHeader("cache-control", "no-cache")
        .setChunked(true);
    if (delayMillis == 0) {
      String all = String.join("", events);
      finish(all.isEmpty() ? response.writeHead() : response.write(all));
    } else {
      writeFrom(0, response.writeHead());
    }
  }

  private void writeFrom(int index, Future<Void> lastWrite) {
    HttpServerResponse response = request.response();
    if (response.closed() || response.ended()) {
      return;
    }
    if (index == events.size()) {
      finish(lastWrite);
      return;
    }
    Future<Void> written = response.write(events.get(index));
    vertx.setTimer(delayMillis, timer -> writeFrom(index + 1, written));
  }

  private void finish(Future<Void> lastWrite) {
    if (breaks) {
      lastWrite.onComplete(written -> request.connection().close());
    } else if (!request.response().closed()) {
      request.response().end();
    }
  }
}
