package dev.strata.server.s3;

import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The user metadata of an upload: its {@code x-amz-meta-*} headers, at most 2 KB as on S3. */
final class UserMetadata {
  static final int MAX_BYTES = 2048;

  private UserMetadata() {}

  /**
   * The metadata in {@code headers}, by lower-case name without the prefix; repeated headers are
   * joined with commas.
   *
   * @throws dev.strata.core.error.StrataException MetadataTooLarge over 2 KB (names and values, in
   *     UTF-8)
   */
  static Map<String, String> of(MultiMap headers) {
    Map<String, String> metadata = new TreeMap<>();
    for (String header : headers.names()) {
      String lower = header.toLowerCase(Locale.ROOT);
      if (lower.startsWith(ObjectHeaders.META_PREFIX)
          && lower.length() > ObjectHeaders.META_PREFIX.length()) {
        List<String> values = headers.getAll(header);
        metadata.put(
            lower.substring(ObjectHeaders.META_PREFIX.length()), String.join(",", values).strip());
      }
    }
    int bytes = 0;
    for (Map.Entry<String, String> entry : metadata.entrySet()) {
      bytes +=
          entry.getKey().getBytes(StandardCharsets.UTF_8).length
              + entry.getValue().getBytes(StandardCharsets.UTF_8).length;
    }
    if (bytes > MAX_BYTES) {
      throw S3Error.METADATA_TOO_LARGE.failure(
          "Your metadata headers exceed the maximum allowed metadata size of "
              + MAX_BYTES
              + " bytes.");
    }
    return metadata;
  }
}
