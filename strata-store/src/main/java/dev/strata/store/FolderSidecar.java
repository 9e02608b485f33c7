package dev.strata.store;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.core.json.JsonMappers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What {@link FolderObjectStore} keeps beside an object's bytes: its entity tag, user metadata and
 * write time, plus the size and modification time its data file had when written, so a sidecar that
 * no longer describes the file (a crash between the two renames, a file copied in by hand) is
 * recognised.
 */
record FolderSidecar(
    String etag,
    long size,
    Instant lastModified,
    long dataModifiedNanos,
    Map<String, String> metadata) {
  private static final ObjectMapper JSON = JsonMappers.create();

  FolderSidecar {
    requireNonNull(etag, "etag");
    requireNonNull(lastModified, "lastModified");
    metadata =
        java.util.Collections.unmodifiableMap(new TreeMap<>(requireNonNull(metadata, "metadata")));
  }

  /** Whether this sidecar describes a data file of this size and modification time. */
  boolean describes(long fileSize, long fileModifiedNanos) {
    return size == fileSize && dataModifiedNanos == fileModifiedNanos;
  }

  byte[] toJson() {
    ObjectNode node = JSON.createObjectNode();
    node.put("etag", etag);
    node.put("size", size);
    node.put("lastModified", lastModified.toEpochMilli());
    node.put("dataModifiedNanos", dataModifiedNanos);
    ObjectNode meta = node.putObject("metadata");
    metadata.forEach(meta::put);
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an object's sidecar cannot be written as JSON", e);
    }
  }

  /** The sidecar at {@code file}; empty when there is none or it cannot be read as one. */
  static Optional<FolderSidecar> read(Path file) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    try {
      JsonNode node = JSON.readTree(bytes);
      Map<String, String> metadata = new TreeMap<>();
      for (Map.Entry<String, JsonNode> field : node.path("metadata").properties()) {
        metadata.put(field.getKey(), field.getValue().asText());
      }
      if (!node.path("etag").isTextual() || !node.path("size").canConvertToLong()) {
        return Optional.empty();
      }
      return Optional.of(
          new FolderSidecar(
              node.path("etag").asText(),
              node.path("size").asLong(),
              Instant.ofEpochMilli(node.path("lastModified").asLong()),
              node.path("dataModifiedNanos").asLong(),
              metadata));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // torn or foreign: the data file is described afresh
    }
  }
}
