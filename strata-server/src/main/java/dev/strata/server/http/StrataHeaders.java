package dev.strata.server.http;

import io.vertx.core.http.HttpHeaders;

/** Names and values of the headers Strata sends, encoded once. */
public final class StrataHeaders {
  public static final CharSequence REQUEST_ID = HttpHeaders.createOptimized("x-request-id");
  public static final CharSequence COST_USD = HttpHeaders.createOptimized("x-strata-cost-usd");
  public static final CharSequence USAGE_SOURCE =
      HttpHeaders.createOptimized("x-strata-usage-source");
  public static final CharSequence MODEL = HttpHeaders.createOptimized("x-strata-model");
  /** Request: {@code off} opts out of the response cache; response: what the cache did. */
  public static final CharSequence CACHE = HttpHeaders.createOptimized("x-strata-cache");
  public static final CharSequence APPLICATION_JSON =
      HttpHeaders.createOptimized("application/json");
  public static final CharSequence EVENT_STREAM =
      HttpHeaders.createOptimized("text/event-stream; charset=utf-8");
  public static final CharSequence NO_CACHE = HttpHeaders.createOptimized("no-cache");

  private StrataHeaders() {}
}
