package dev.strata.server.s3;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * A ListObjectsV2 request's parameters: prefix, delimiter, max-keys (at most 1,000), where to
 * resume (a continuation token or start-after) and whether keys come back URL-encoded.
 */
record ListingQuery(
    String prefix,
    String delimiter,
    int maxKeys,
    Optional<String> continuationToken,
    Optional<String> startAfter,
    boolean urlEncoded) {
  static final int MAX_KEYS = 1000;

  ListingQuery {
    requireNonNull(prefix, "prefix");
    requireNonNull(delimiter, "delimiter");
    requireNonNull(continuationToken, "continuationToken");
    requireNonNull(startAfter, "startAfter");
    if (maxKeys < 0 || maxKeys > MAX_KEYS) {
      throw new IllegalArgumentException("maxKeys must be 0 to " + MAX_KEYS);
    }
  }

  /**
   * The query of {@code target}.
   *
   * @throws dev.strata.core.error.StrataException InvalidArgument for a bad max-keys, encoding-type
   *     or continuation token
   */
  static ListingQuery of(S3Target target) {
    String maxKeysText = target.query().getOrDefault("max-keys", Integer.toString(MAX_KEYS));
    int maxKeys;
    try {
      maxKeys = Integer.parseInt(maxKeysText.strip());
    } catch (NumberFormatException e) {
      throw S3Error.INVALID_ARGUMENT.failure(
          "Provided max-keys not an integer or within integer range.");
    }
    if (maxKeys < 0) {
      throw S3Error.INVALID_ARGUMENT.failure("max-keys cannot be negative.");
    }
    String encoding = target.query().get("encoding-type");
    if (encoding != null && !encoding.equals("url")) {
      throw S3Error.INVALID_ARGUMENT.failure("Invalid Encoding Method specified in Request.");
    }
    Optional<String> token = Optional.ofNullable(target.query().get("continuation-token"));
    token.ifPresent(ListingQuery::resumeAfter);
    return new ListingQuery(
        target.query().getOrDefault("prefix", ""),
        target.query().getOrDefault("delimiter", ""),
        Math.min(maxKeys, MAX_KEYS),
        token,
        Optional.ofNullable(target.query().get("start-after")).filter(s -> !s.isEmpty()),
        encoding != null);
  }

  /** Where this page starts: after the token's entry, else after start-after. */
  Optional<String> resumeAfter() {
    return continuationToken.map(ListingQuery::resumeAfter).or(() -> startAfter);
  }

  /** The opaque token that resumes a listing after {@code entry} (a key or common prefix). */
  static String tokenAfter(String entry) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(entry.getBytes(StandardCharsets.UTF_8));
  }

  private static String resumeAfter(String token) {
    try {
      String entry = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (!entry.isEmpty()) {
        return entry;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw S3Error.INVALID_ARGUMENT.failure("The continuation token provided is incorrect.");
  }
}
