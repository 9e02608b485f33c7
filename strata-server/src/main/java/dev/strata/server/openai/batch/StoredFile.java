package dev.strata.server.openai.batch;

import static java.util.Objects.requireNonNull;

import dev.strata.core.objectstore.ObjectInfo;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One OpenAI file as the object store keeps it: the object's size, and the file's name, purpose,
 * creation time, owning tenant and expiry in the object's metadata. The name is kept
 * percent-encoded, since S3 metadata must be ASCII.
 */
record StoredFile(
    String id,
    long bytes,
    Instant createdAt,
    String filename,
    String purpose,
    String tenant,
    Optional<Instant> expiresAt) {
  private static final String FILENAME = "filename";
  private static final String PURPOSE = "purpose";
  private static final String CREATED_AT = "created_at";
  private static final String TENANT = "tenant";
  private static final String EXPIRES_AT = "expires_at";

  StoredFile {
    requireNonNull(id, "id");
    requireNonNull(createdAt, "createdAt");
    requireNonNull(filename, "filename");
    requireNonNull(purpose, "purpose");
    requireNonNull(tenant, "tenant");
    requireNonNull(expiresAt, "expiresAt");
  }

  /** The file an object describes, if the object is one (it has the file metadata). */
  static Optional<StoredFile> of(ObjectInfo info) {
    Map<String, String> metadata = info.metadata();
    String filename = metadata.get(FILENAME);
    String purpose = metadata.get(PURPOSE);
    String createdAt = metadata.get(CREATED_AT);
    String tenant = metadata.get(TENANT);
    if (filename == null || purpose == null || createdAt == null || tenant == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new StoredFile(
              info.ref().key(),
              info.size(),
              Instant.ofEpochSecond(Long.parseLong(createdAt)),
              URLDecoder.decode(filename, StandardCharsets.UTF_8),
              purpose,
              tenant,
              Optional.ofNullable(metadata.get(EXPIRES_AT))
                  .map(at -> Instant.ofEpochSecond(Long.parseLong(at)))));
    } catch (IllegalArgumentException notOurs) {
      return Optional.empty();
    }
  }

  /** The object metadata that describes a file. */
  static Map<String, String> metadata(
      String filename, String purpose, Instant createdAt, String tenant, Optional<Instant> expiresAt) {
    Map<String, String> metadata = new HashMap<>();
    metadata.put(FILENAME, URLEncoder.encode(filename, StandardCharsets.UTF_8));
    metadata.put(PURPOSE, purpose);
    metadata.put(CREATED_AT, Long.toString(createdAt.getEpochSecond()));
    metadata.put(TENANT, tenant);
    expiresAt.ifPresent(at -> metadata.put(EXPIRES_AT, Long.toString(at.getEpochSecond())));
    return metadata;
  }

  boolean isExpiredAt(Instant now) {
    return expiresAt.isPresent() && !expiresAt.get().isAfter(now);
  }
}
