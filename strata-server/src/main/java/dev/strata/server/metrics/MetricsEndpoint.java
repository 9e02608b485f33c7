package dev.strata.server.metrics;

import static java.util.Objects.requireNonNull;

import dev.strata.core.error.StrataException;
import dev.strata.server.http.BlockingEndpoints;
import dev.strata.server.http.Call;
import dev.strata.server.http.Credentials;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * {@code GET /metrics}: the metrics in Prometheus text format, rendered on a virtual thread so a
 * scrape never holds an event loop. Open to anyone by default, as Prometheus expects; with a bearer
 * token configured, a scrape without it gets 401.
 */
public final class MetricsEndpoint {
  /** Where Prometheus scrapes. */
  public static final String PATH = "/metrics";

  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final StrataMetrics metrics;
  private final Optional<byte[]> tokenDigest;

  /**
   * @param bearerToken when present, the token a scrape must send as {@code Authorization: Bearer}
   */
  public MetricsEndpoint(StrataMetrics metrics, Optional<String> bearerToken) {
    this.metrics = requireNonNull(metrics, "metrics");
    requireNonNull(bearerToken, "bearerToken");
    if (bearerToken.isPresent() && bearerToken.get().isBlank()) {
      throw new IllegalArgumentException("metrics.bearerToken cannot be blank; omit it instead");
    }
    this.tokenDigest = bearerToken.map(MetricsEndpoint::digest);
  }

  /** Adds {@code GET /metrics} to {@code router}, served through {@code endpoints}. */
  public void mount(Router router, BlockingEndpoints endpoints) {
    requireNonNull(router, "router");
    requireNonNull(endpoints, "endpoints");
    router.get(PATH).handler(endpoints.withoutBody(this::serve));
  }

  private void serve(Call call) {
    tokenDigest.ifPresent(expected -> authorize(call, expected));
    String text = metrics.scrape();
    call.response().putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE).end(text);
  }

  private static void authorize(Call call, byte[] expected) {
    Optional<String> presented = Credentials.of(call.request());
    if (presented.isEmpty()) {
      throw StrataException.unauthenticated(
          "/metrics needs the configured metrics token as a bearer token");
    }
    if (!MessageDigest.isEqual(expected, digest(presented.get()))) {
      throw StrataException.unauthenticated("Incorrect metrics token provided.");
    }
  }

  /** Comparing digests keeps the comparison constant-time whatever the lengths. */
  private static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    String access = tokenDigest.isPresent() ? ", bearer token" : ", open";
    return "MetricsEndpoint[" + PATH + access + "]";
  }
}
