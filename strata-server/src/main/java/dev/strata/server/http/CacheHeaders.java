package dev.strata.server.http;

import dev.strata.core.cache.CachePolicy;
import dev.strata.core.cache.ResponseCacheStatus;
import dev.strata.core.path.Exchange;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * The response cache's HTTP headers, the same in every wire format: the caller's opt-out ({@code
 * Cache-Control: no-cache} / {@code no-store}, {@code x-strata-cache: off}) and the answer's
 * {@code x-strata-cache: hit-exact | hit-semantic | miss | off}.
 */
public final class CacheHeaders {
  private CacheHeaders() {}

  /** The cache policy the request's headers ask for. */
  public static CachePolicy policy(HttpServerRequest request) {
    return CachePolicy.fromHeaders(
        request.getHeader(HttpHeaders.CACHE_CONTROL), request.getHeader(StrataHeaders.CACHE));
  }

  /** Says what the response cache did, when one applied to the exchange. */
  public static void put(HttpServerResponse response, Exchange exchange) {
    ResponseCacheStatus status = exchange.responseCache();
    if (status != ResponseCacheStatus.NONE && !response.headWritten()) {
      response.putHeader(StrataHeaders.CACHE, status.wireName());
    }
  }
}
