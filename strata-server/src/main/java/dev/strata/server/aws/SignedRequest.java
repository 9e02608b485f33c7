package dev.strata.server.aws;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An HTTP request as received, for SigV4 verification: the path and query exactly as on the wire
 * (still percent-encoded), every header value, and the body. Under HTTP/2 the frontend puts the
 * {@code :authority} into {@code host}. The body array is not copied.
 *
 * @param rawPath the request target's path, still percent-encoded, e.g. {@code
 *     /model/anthropic.claude-3-haiku-20240307-v1%3A0/converse}
 * @param rawQuery the query without {@code ?}, still percent-encoded; empty when there is none
 * @param headers header values by name; names are lower-cased here
 */
public record SignedRequest(
    String method,
    String rawPath,
    String rawQuery,
    Map<String, List<String>> headers,
    byte[] body) {

  public SignedRequest {
    requireNonNull(method, "method");
    requireNonNull(rawPath, "rawPath");
    rawQuery = rawQuery == null ? "" : rawQuery;
    requireNonNull(headers, "headers");
    requireNonNull(body, "body");
    Map<String, List<String>> lowerCased = new TreeMap<>();
    headers.forEach(
        (name, values) ->
            lowerCased
                .computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                .addAll(values));
    lowerCased.replaceAll((name, values) -> List.copyOf(values));
    headers = Map.copyOf(lowerCased);
  }

  /** The values of header {@code name} (lower case), empty when it is absent. */
  List<String> header(String name) {
    return headers.getOrDefault(name, List.of());
  }

  @Override
  public String toString() {
    return "SignedRequest[" + method + " " + rawPath + ", " + body.length + " bytes]";
  }
}
