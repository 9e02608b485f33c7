package dev.strata.server.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.util.Optional;

/**
 * The secret a caller presented: {@code Authorization: Bearer <key>}, or the {@code api-key} header
 * that Azure OpenAI clients send.
 */
public final class Credentials {
  private static final String BEARER = "bearer ";
  private static final CharSequence API_KEY = HttpHeaders.createOptimized("api-key");

  private Credentials() {}

  public static Optional<String> of(HttpServerRequest request) {
    String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      String token = authorization.substring(BEARER.length()).trim();
      if (!token.isEmpty()) {
        return Optional.of(token);
      }
    }
    String apiKey = request.getHeader(API_KEY);
    if (apiKey != null && !apiKey.isBlank()) {
      return Optional.of(apiKey.trim());
    }
    return Optional.empty();
  }
}
