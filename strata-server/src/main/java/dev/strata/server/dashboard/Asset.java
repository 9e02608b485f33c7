package dev.strata.server.dashboard;

import static java.util.Objects.requireNonNull;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/**
 * One static file held in memory: its bytes, a gzip copy when that is smaller, and a strong ETag
 * over the bytes.
 */
record Asset(String mediaType, Buffer body, Optional<Buffer> gzipped, String etag) {
  /** Files smaller than this are not worth compressing. */
  private static final int GZIP_THRESHOLD = 1_024;

  Asset {
    requireNonNull(mediaType, "mediaType");
    requireNonNull(body, "body");
    requireNonNull(gzipped, "gzipped");
    requireNonNull(etag, "etag");
  }

  static Asset of(String mediaType, byte[] bytes) {
    Optional<Buffer> gzipped = Optional.empty();
    if (bytes.length >= GZIP_THRESHOLD) {
      byte[] compressed = gzip(bytes);
      if (compressed.length < bytes.length) {
        gzipped = Optional.of(Buffer.buffer(compressed));
      }
    }
    return new Asset(mediaType, Buffer.buffer(bytes), gzipped, etag(bytes));
  }

  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3);
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("compressing in memory failed", e);
    }
    return out.toByteArray();
  }

  private static String etag(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
