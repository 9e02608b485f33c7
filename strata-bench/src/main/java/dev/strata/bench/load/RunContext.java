package dev.strata.bench.load;

import static java.util.Objects.requireNonNull;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.RequestOptions;

/** What every exchange of one load run shares: client, request template, timeout, statistics. */
record RunContext(
    Vertx vertx,
    HttpClient client,
    RequestOptions options,
    Buffer body,
    long timeoutMillis,
    LoadStats stats) {

  RunContext {
    requireNonNull(vertx, "vertx");
    requireNonNull(client, "client");
    requireNonNull(options, "options");
    requireNonNull(body, "body");
    requireNonNull(stats, "stats");
    if (timeoutMillis < 1) {
      throw new IllegalArgumentException("timeoutMillis must be positive, was " + timeoutMillis);
    }
  }
}
