package dev.strata.server.anthropic;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.util.Optional;

/**
 * The Strata key an Anthropic client presented: {@code x-api-key}, or {@code Authorization:
 * Bearer}, which the official SDKs send even when given an API key.
 */
final class AnthropicCredentials {
  private static final String BEARER = "bearer ";

  private AnthropicCredentials() {}

  static Optional<String> of(HttpServerRequest request) {
    String apiKey = request.getHeader(AnthropicHeaders.API_KEY);
    if (apiKey != null && !apiKey.isBlank()) {
      return Optional.of(apiKey.trim());
    }
    String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      String token = authorization.substring(BEARER.length()).trim();
      if (!token.isEmpty()) {
        return Optional.of(token);
      }
    }
    return Optional.empty();
  }
}
