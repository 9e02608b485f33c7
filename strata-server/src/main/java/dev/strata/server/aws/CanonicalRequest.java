package dev.strata.server.aws;

import dev.strata.core.aws.UriEncoding;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The SigV4 canonical request of a received request: method, canonical URI, canonical query,
 * canonical headers, signed headers and payload hash, one per line.
 */
final class CanonicalRequest {
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private CanonicalRequest() {}

  /**
   * The canonical request over {@code signedHeaders} with {@code payloadHash}. With {@code
   * doubleEncodedPath} the path, as received (already encoded once), is encoded again, as AWS SDKs
   * sign for every service but S3.
   */
  static String of(
      SignedRequest request,
      List<String> signedHeaders,
      String payloadHash,
      boolean doubleEncodedPath) {
    return build(request, signedHeaders, payloadHash, uri(request.rawPath(), doubleEncodedPath));
  }

  /**
   * The canonical request as S3 clients sign it: the path exactly as received, neither normalised
   * nor encoded again, since an object key may hold what normalisation would change.
   */
  static String ofS3(SignedRequest request, List<String> signedHeaders, String payloadHash) {
    String path = request.rawPath().isEmpty() ? "/" : request.rawPath();
    return build(request, signedHeaders, payloadHash, path);
  }

  private static String build(
      SignedRequest request, List<String> signedHeaders, String payloadHash, String canonicalUri) {
    StringBuilder out = new StringBuilder(512);
    out.append(request.method()).append('\n');
    out.append(canonicalUri).append('\n');
    out.append(query(request.rawQuery())).append('\n');
    for (String name : signedHeaders) {
      out.append(name).append(':').append(headerValue(request.header(name))).append('\n');
    }
    out.append('\n');
    out.append(String.join(";", signedHeaders)).append('\n');
    out.append(payloadHash);
    return out.toString();
  }

  /** The path with dot segments removed, like the SDKs' normalisation, then encoded as asked. */
  static String uri(String rawPath, boolean doubleEncoded) {
    if (rawPath.isEmpty()) {
      return "/";
    }
    String path = rawPath;
    try {
      String normalized = URI.create(rawPath).normalize().getRawPath();
      if (normalized != null && !normalized.isEmpty()) {
        path = normalized;
      }
    } catch (IllegalArgumentException e) {
      // Not a valid URI path: sign it as received; a client could not have normalised it either.
    }
    return doubleEncoded ? UriEncoding.encode(path, true) : path;
  }

  /** Parameters decoded, re-encoded strictly, then sorted by name and value. */
  static String query(String rawQuery) {
    if (rawQuery.isEmpty()) {
      return "";
    }
    List<String[]> parameters = new ArrayList<>();
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      parameters.add(
          new String[] {
            UriEncoding.encode(UriEncoding.decode(name), false),
            UriEncoding.encode(UriEncoding.decode(value), false)
          });
    }
    parameters.sort(
        (a, b) -> {
          int byName = a[0].compareTo(b[0]);
          return byName != 0 ? byName : a[1].compareTo(b[1]);
        });
    StringBuilder out = new StringBuilder(rawQuery.length() + 16);
    for (String[] parameter : parameters) {
      if (!out.isEmpty()) {
        out.append('&');
      }
      out.append(parameter[0]).append('=').append(parameter[1]);
    }
    return out.toString();
  }

  /** Values trimmed, inner runs of spaces collapsed to one, joined by commas. */
  static String headerValue(List<String> values) {
    List<String> canonical = new ArrayList<>(values.size());
    for (String value : values) {
      canonical.add(SPACES.matcher(value.strip()).replaceAll(" "));
    }
    return String.join(",", canonical);
  }
}
