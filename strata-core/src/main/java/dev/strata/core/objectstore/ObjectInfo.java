package dev.strata.core.objectstore;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a store knows about one object: its size, when it was last written, its entity tag (the
 * hex MD5 of its bytes, as S3 gives for single-part uploads) and the user metadata stored with it.
 */
public record ObjectInfo(
    ObjectRef ref, long size, Instant lastModified, String etag, Map<String, String> metadata) {
  public ObjectInfo {
    requireNonNull(ref, "ref");
    requireNonNull(lastModified, "lastModified");
    requireNonNull(etag, "etag");
    metadata = java.util.Collections.unmodifiableMap(new TreeMap<>(requireNonNull(metadata, "metadata")));
    if (size < 0) {
      throw new IllegalArgumentException("size cannot be negative");
    }
  }
}
