package dev.strata.providers.gemini;

import dev.strata.providers.http.RetryPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The checks behind {@link GeminiProviderConfig}: each failure names the provider and setting. */
final class ConfigChecks {
  private static final Set<String> RESERVED_HEADERS =
      Set.of(
          "content-type",
          "content-length",
          "host",
          "accept",
          "transfer-encoding",
          "x-goog-api-key",
          "x-goog-api-client");
  private static final int MAX_CONNECTIONS = 10_000;

  private ConfigChecks() {}

  static void baseUrl(String where, URI baseUrl) {
    String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")
        || baseUrl.getHost() == null
        || baseUrl.getHost().isEmpty()) {
      throw new IllegalArgumentException(
          where + "baseUrl must be an absolute http:// or https:// URL, was '" + baseUrl + "'");
    }
    if (baseUrl.getRawUserInfo() != null
        || baseUrl.getRawFragment() != null
        || baseUrl.getRawQuery() != null) {
      throw new IllegalArgumentException(
          where + "baseUrl must not contain credentials, a query or a fragment");
    }
  }

  static void apiKey(String where, Optional<String> key) {
    if (key.isPresent() && (key.get().isBlank() || !isHeaderValue(key.get()))) {
      throw new IllegalArgumentException(where + "apiKey is blank or contains a control character");
    }
  }

  static void positive(String where, String setting, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(where + setting + " must be positive, was " + value);
    }
  }

  static void retries(String where, int maxRetries, Duration initial, Duration max) {
    positive(where, "initialBackoff", initial);
    if (maxRetries < 0 || maxRetries > RetryPolicy.MAX_RETRIES) {
      throw new IllegalArgumentException(
          where
              + "maxRetries must be between 0 and "
              + RetryPolicy.MAX_RETRIES
              + ", was "
              + maxRetries);
    }
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          where
              + "maxBackoff ("
              + max
              + ") must not be shorter than initialBackoff ("
              + initial
              + ")");
    }
  }

  static void connections(String where, int maxConnections) {
    if (maxConnections < 1 || maxConnections > MAX_CONNECTIONS) {
      throw new IllegalArgumentException(
          where
              + "maxConnections must be between 1 and "
              + MAX_CONNECTIONS
              + ", was "
              + maxConnections);
    }
  }

  static void headers(String where, Map<String, String> headers) {
    headers.forEach(
        (header, value) -> {
          if (header.isEmpty() || !header.chars().allMatch(ConfigChecks::isTokenChar)) {
            throw new IllegalArgumentException(
                where + "extraHeaders has an invalid header name '" + header + "'");
          }
          if (RESERVED_HEADERS.contains(header.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(
                where + "extraHeaders must not set '" + header + "'; Strata sets it itself");
          }
          if (!isHeaderValue(value)) {
            throw new IllegalArgumentException(
                where + "extraHeaders['" + header + "'] contains a control character");
          }
        });
  }

  private static boolean isHeaderValue(String value) {
    return value.chars().noneMatch(c -> c < 0x20 && c != '\t' || c == 0x7f);
  }

  private static boolean isTokenChar(int c) {
    return c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
  }
}
