package dev.strata.server.http;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which wire format answers for which URLs, for failures no route's handler answers: a path whose
 * percent-encoding is malformed (it cannot be routed at all), an unknown path, a method a path does
 * not serve, a route that failed on the event loop. Each frontend claims its path prefixes; the
 * longest claim matching a path wins.
 */
final class UrlClaims {
  private final Map<String, ErrorRenderer> byPrefix = new ConcurrentHashMap<>();

  /** {@code renderer} answers for paths starting with {@code prefix} (claimed again: replaced). */
  void claim(String prefix, ErrorRenderer renderer) {
    requireNonNull(prefix, "prefix");
    requireNonNull(renderer, "renderer");
    if (!prefix.startsWith("/")) {
      throw new IllegalArgumentException("a claimed prefix starts with '/', got '" + prefix + "'");
    }
    byPrefix.put(prefix, renderer);
  }

  /** The renderer of the longest prefix {@code path} starts with; empty when none does. */
  Optional<ErrorRenderer> owner(String path) {
    String longest = null;
    for (String prefix : byPrefix.keySet()) {
      if (path.startsWith(prefix) && (longest == null || prefix.length() > longest.length())) {
        longest = prefix;
      }
    }
    return Optional.ofNullable(longest).map(byPrefix::get);
  }
}
