package dev.strata.core.objectstore;

import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/**
 * Buckets of objects — batch input and output files, OpenAI file uploads. Writes are atomic: a
 * reader sees the whole old object or the whole new one, never a part. Implementations are safe
 * for concurrent use; I/O failures surface as {@link java.io.UncheckedIOException}.
 */
public interface ObjectStore {
  /** The largest object a put accepts, in bytes. */
  long maxObjectBytes();

  /**
   * Stores {@code content} (read to its end) as {@code ref}, replacing any object there, with the
   * given user metadata.
   *
   * @throws dev.strata.core.error.StrataException INVALID_REQUEST when the content is larger than
   *     {@link #maxObjectBytes()}; nothing is stored then
   */
  ObjectInfo put(ObjectRef ref, InputStream content, Map<String, String> metadata);

  /** Stores bytes; see {@link #put(ObjectRef, InputStream, Map)}. */
  default ObjectInfo put(ObjectRef ref, byte[] content, Map<String, String> metadata) {
    return put(ref, new java.io.ByteArrayInputStream(content), metadata);
  }

  /** The object's description, if it exists. */
  Optional<ObjectInfo> head(ObjectRef ref);

  /** Opens the object for reading, if it exists; the caller closes the stream. */
  Optional<InputStream> open(ObjectRef ref);

  /**
   * Up to {@code maxKeys} objects of {@code bucket} whose keys start with {@code prefix} and sort
   * after {@code startAfter} (empty for the first page), in key order.
   */
  ObjectListing list(String bucket, String prefix, Optional<String> startAfter, int maxKeys);

  /** Deletes the object; returns whether it existed. */
  boolean delete(ObjectRef ref);
}
