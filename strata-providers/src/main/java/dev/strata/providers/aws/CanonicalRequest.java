package dev.strata.providers.aws;

import dev.strata.core.aws.UriEncoding;
import java.net.URI;
import java.util.Map;
import java.util.SortedMap;
import java.util.regex.Pattern;

/**
 * The SigV4 canonical request of a request without a query string: method, canonical URI, an empty
 * canonical query, the signed headers with their values, the signed header names and the payload
 * hash, one per line.
 */
final class CanonicalRequest {
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private CanonicalRequest() {}

  /**
   * @param signedHeaders lower-case names in order, with their values as they are sent
   */
  static String of(
      String method, URI uri, SortedMap<String, String> signedHeaders, String payloadHash) {
    StringBuilder out = new StringBuilder(256);
    out.append(method).append('\n');
    out.append(canonicalUri(uri)).append('\n');
    out.append('\n');
    for (Map.Entry<String, String> header : signedHeaders.entrySet()) {
      out.append(header.getKey()).append(':').append(value(header.getValue())).append('\n');
    }
    out.append('\n');
    out.append(String.join(";", signedHeaders.keySet())).append('\n');
    out.append(payloadHash);
    return out.toString();
  }

  /**
   * The path as it is sent (already percent-encoded once), dot segments removed, then encoded
   * again: AWS signs the paths of every service but S3 this way, so a model id sent as {@code
   * a%3Ab} is signed as {@code a%253Ab}.
   */
  static String canonicalUri(URI uri) {
    String path = uri.normalize().getRawPath();
    if (path == null || path.isEmpty()) {
      return "/";
    }
    return UriEncoding.encode(path, true);
  }

  /** Trimmed, with inner runs of white space collapsed to one space. */
  private static String value(String value) {
    return SPACES.matcher(value.strip()).replaceAll(" ");
  }
}
