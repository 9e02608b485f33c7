package dev.strata.server.s3;

import static java.util.Objects.requireNonNull;

import dev.strata.core.error.StrataException;
import dev.strata.core.objectstore.ObjectRef;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where a path-style S3 request points: the bucket and key after the endpoint's prefix (decoded; a
 * {@code +} in a path is a plus sign), and the decoded query parameters, first value of each.
 */
record S3Target(Optional<String> bucket, Optional<String> key, Map<String, String> query) {
  S3Target {
    requireNonNull(bucket, "bucket");
    requireNonNull(key, "key");
    query = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(query, "query")));
    if (key.isPresent() && bucket.isEmpty()) {
      throw new IllegalArgumentException("a key needs a bucket");
    }
  }

  /**
   * Parses the request target {@code uri} (path and query, still encoded) of a request under {@code
   * prefix}.
   *
   * @throws StrataException InvalidArgument when an escape is malformed
   */
  static S3Target parse(String prefix, String uri) {
    int question = uri.indexOf('?');
    String rawPath = question < 0 ? uri : uri.substring(0, question);
    String rawQuery = question < 0 ? "" : uri.substring(question + 1);
    String rest = rawPath.startsWith(prefix) ? rawPath.substring(prefix.length()) : rawPath;
    if (rest.startsWith("/")) {
      rest = rest.substring(1);
    }
    Optional<String> bucket = Optional.empty();
    Optional<String> key = Optional.empty();
    if (!rest.isEmpty()) {
      int slash = rest.indexOf('/');
      bucket = Optional.of(decode(slash < 0 ? rest : rest.substring(0, slash), false));
      if (slash >= 0 && slash < rest.length() - 1) {
        key = Optional.of(decode(rest.substring(slash + 1), false));
      }
    }
    return new S3Target(bucket, key, query(rawQuery));
  }

  /** What S3 names as the error's resource: {@code /bucket/key}, {@code /bucket} or {@code /}. */
  String resource() {
    return "/" + bucket.orElse("") + key.map(k -> "/" + k).orElse("");
  }

  /** Whether the query has parameter {@code name}, with or without a value. */
  boolean has(String name) {
    return query.containsKey(name);
  }

  /**
   * The bucket, checked against S3's naming rules.
   *
   * @throws StrataException InvalidBucketName
   */
  String validBucket() {
    String name = bucket.orElseThrow(() -> S3Error.INVALID_BUCKET_NAME.failure("No bucket named."));
    try {
      return new ObjectRef.Prefix(name, "").bucket();
    } catch (StrataException invalid) {
      throw S3Error.INVALID_BUCKET_NAME.failure(invalid.getMessage());
    }
  }

  /**
   * The object this request names.
   *
   * @throws StrataException InvalidBucketName, KeyTooLongError or InvalidArgument
   */
  ObjectRef object() {
    String validBucket = validBucket();
    String name = key.orElseThrow(() -> S3Error.INVALID_ARGUMENT.failure("No object key named."));
    if (name.length() > ObjectRef.MAX_KEY_LENGTH) {
      throw S3Error.KEY_TOO_LONG.failure(
          "Your key is too long: at most " + ObjectRef.MAX_KEY_LENGTH + " characters.");
    }
    try {
      return new ObjectRef(validBucket, name);
    } catch (StrataException invalid) {
      throw S3Error.INVALID_ARGUMENT.failure(invalid.getMessage());
    }
  }

  private static Map<String, String> query(String rawQuery) {
    Map<String, String> parameters = new LinkedHashMap<>();
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = decode(equals < 0 ? pair : pair.substring(0, equals), true);
      String value = equals < 0 ? "" : decode(pair.substring(equals + 1), true);
      parameters.putIfAbsent(name, value);
    }
    return parameters;
  }

  private static String decode(String text, boolean plusIsSpace) {
    try {
      return URLDecoder.decode(
          plusIsSpace ? text : text.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      throw S3Error.INVALID_ARGUMENT.failure("The request target has a malformed %-escape.");
    }
  }
}
