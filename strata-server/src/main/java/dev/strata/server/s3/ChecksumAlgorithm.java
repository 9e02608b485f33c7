package dev.strata.server.s3;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * The additional checksums S3 accepts for an upload, each sent base64-encoded in its own {@code
 * x-amz-checksum-*} header or trailer.
 */
enum ChecksumAlgorithm {
  CRC32("crc32", 4, CRC32::new),
  CRC32C("crc32c", 4, CRC32C::new),
  CRC64NVME("crc64nvme", 8, Crc64Nvme::new),
  SHA1("sha1", 0, null),
  SHA256("sha256", 0, null);

  private static final String PREFIX = "x-amz-checksum-";

  private final String header;
  private final int crcBytes;
  private final Supplier<Checksum> crc;

  ChecksumAlgorithm(String name, int crcBytes, Supplier<Checksum> crc) {
    this.header = PREFIX + name;
    this.crcBytes = crcBytes;
    this.crc = crc;
  }

  /** The lower-case header (or trailer) name that carries this checksum. */
  String header() {
    return header;
  }

  /** The algorithm a lower-case {@code x-amz-checksum-*} header name names, if any. */
  static Optional<ChecksumAlgorithm> byHeader(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (ChecksumAlgorithm algorithm : values()) {
      if (algorithm.header.equals(lower)) {
        return Optional.of(algorithm);
      }
    }
    return Optional.empty();
  }

  /** A running computation of this checksum. */
  Running start() {
    if (crc != null) {
      Checksum checksum = crc.get();
      return new Running() {
        @Override
        public void update(byte[] bytes, int offset, int length) {
          checksum.update(bytes, offset, length);
        }

        @Override
        public String base64() {
          byte[] value = ByteBuffer.allocate(8).putLong(checksum.getValue()).array();
          return Base64.getEncoder().encodeToString(Arrays.copyOfRange(value, 8 - crcBytes, 8));
        }
      };
    }
    MessageDigest digest = digest(this == SHA1 ? "SHA-1" : "SHA-256");
    return new Running() {
      @Override
      public void update(byte[] bytes, int offset, int length) {
        digest.update(bytes, offset, length);
      }

      @Override
      public String base64() {
        return Base64.getEncoder().encodeToString(digest.digest());
      }
    };
  }

  /** A checksum being computed over a body as it streams. */
  interface Running {
    void update(byte[] bytes, int offset, int length);

    /** The checksum of everything so far, base64-encoded as S3 sends it; call once, at the end. */
    String base64();
  }

  static MessageDigest digest(String name) {
    try {
      return MessageDigest.getInstance(name);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(name + " is missing from this JDK", e);
    }
  }
}
