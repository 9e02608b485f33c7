package dev.strata.bench.load;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Map;
import java.util.Set;

/**
 * The one request a load run sends over and over. The host must be a loopback address: the load
 * generator never sends traffic off the machine.
 *
 * @param method an HTTP method name such as {@code POST}
 * @param body the request body, empty for none
 */
public record LoadRequest(String method, URI uri, Map<String, String> headers, String body) {

  private static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "localhost", "[::1]");

  public LoadRequest {
    requireNonNull(method, "method");
    requireNonNull(uri, "uri");
    requireNonNull(body, "body");
    headers = Map.copyOf(headers);
    if (!"http".equals(uri.getScheme())) {
      throw new IllegalArgumentException("load targets are plain http URLs, was " + uri);
    }
    if (uri.getHost() == null || !LOOPBACK_HOSTS.contains(uri.getHost())) {
      throw new IllegalArgumentException(
          "load is only sent to 127.0.0.1, localhost or [::1], not to " + uri.getHost());
    }
  }

  /** A JSON POST with a bearer token. */
  public static LoadRequest postJson(URI uri, String bearerToken, String json) {
    return new LoadRequest(
        "POST",
        uri,
        Map.of("content-type", "application/json", "authorization", "Bearer " + bearerToken),
        json);
  }
}
