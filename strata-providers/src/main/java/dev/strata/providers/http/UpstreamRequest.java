package dev.strata.providers.http;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request to an upstream: method, absolute http(s) URI, headers and body bytes. Its {@code
 * toString} shows neither header values (they hold keys) nor the body (it holds prompts).
 */
public record UpstreamRequest(String method, URI uri, Map<String, String> headers, byte[] body) {
  public UpstreamRequest {
    requireNonNull(method, "method");
    requireNonNull(uri, "uri");
    headers = Map.copyOf(requireNonNull(headers, "headers"));
    requireNonNull(body, "body");
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      throw new IllegalArgumentException("an upstream URI is absolute http(s), was " + uri);
    }
  }

  /** A POST of a JSON body. */
  public static UpstreamRequest postJson(URI uri, Map<String, String> headers, byte[] json) {
    return new UpstreamRequest("POST", uri, headers, json);
  }

  @Override
  public String toString() {
    return "UpstreamRequest["
        + method
        + " "
        + uri
        + ", headers "
        + headers.keySet()
        + ", "
        + body.length
        + " bytes]";
  }
}
