package dev.strata.server.http;

import static java.util.Objects.requireNonNull;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;

/**
 * One HTTP request as a blocking handler sees it: its id and arrival time, the routing context (for
 * headers and path parameters) and the body read so far (empty for body-less routes).
 */
public record Call(
    String requestId, Instant receivedAt, long receivedNanos, RoutingContext context, byte[] body) {
  public Call {
    requireNonNull(requestId, "requestId");
    requireNonNull(receivedAt, "receivedAt");
    requireNonNull(context, "context");
    requireNonNull(body, "body");
  }

  public HttpServerRequest request() {
    return context.request();
  }

  public HttpServerResponse response() {
    return context.response();
  }

  public String pathParam(String name) {
    return context.pathParam(name);
  }
}
