package dev.strata.server.s3;

import static java.util.Objects.requireNonNull;

import dev.strata.core.error.StrataException;
import dev.strata.server.aws.ChunkSignatures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decodes an {@code aws-chunked} body — {@code hex-size[;chunk-signature=sig]CRLF data CRLF} …, a
 * final empty chunk, then trailer lines ({@code name:value}, {@code x-amz-trailer-signature}) and
 * an empty line — into the object's bytes, checking each chunk's and the trailer's signature when
 * the body is signed. Every check happens before the end of the stream is reported, so a store
 * never commits a body that fails one.
 */
final class AwsChunkedBody extends InputStream {
  private static final int MAX_LINE = 4096;
  private static final int MAX_TRAILER_LINES = 16;
  private static final int MAX_HEX_DIGITS = 15;
  private static final String SIGNATURE_EXTENSION = "chunk-signature=";
  private static final String TRAILER_SIGNATURE = "x-amz-trailer-signature";

  private final InputStream raw;
  private final Optional<ChunkSignatures> signatures;
  private final boolean signedTrailer;
  private final Map<String, String> trailers = new LinkedHashMap<>();
  private final MessageDigest chunkDigest = ChecksumAlgorithm.digest("SHA-256");
  private String previousSignature;
  private String chunkSignature = "";
  private long remaining;
  private boolean inChunk;
  private boolean done;

  /**
   * @param signatures present when every chunk is signed
   * @param signedTrailer whether a signed body ends with a signed trailer
   */
  AwsChunkedBody(InputStream raw, Optional<ChunkSignatures> signatures, boolean signedTrailer) {
    this.raw = requireNonNull(raw, "raw");
    this.signatures = requireNonNull(signatures, "signatures");
    this.signedTrailer = signedTrailer;
    this.previousSignature = signatures.map(ChunkSignatures::seed).orElse("");
  }

  /** The trailer's headers by lower-case name, once the stream reported its end. */
  Map<String, String> trailers() {
    return Collections.unmodifiableMap(trailers);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] bytes, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    if (length == 0) {
      return 0;
    }
    try {
      while (remaining == 0) {
        if (done) {
          return -1;
        }
        if (inChunk) {
          endChunk();
        }
        if (!nextChunk()) {
          finish();
          done = true;
          return -1;
        }
      }
      int count = raw.read(bytes, offset, (int) Math.min(length, remaining));
      if (count < 0) {
        throw incomplete();
      }
      chunkDigest.update(bytes, offset, count);
      remaining -= count;
      return count;
    } catch (StrataException signatureMismatch) {
      done = true;
      throw new BodyFailure(signatureMismatch);
    }
  }

  /** Reads a chunk header; false for the final, empty chunk. */
  private boolean nextChunk() throws IOException {
    String line = readLine().orElseThrow(AwsChunkedBody::incomplete);
    int semicolon = line.indexOf(';');
    String size = (semicolon < 0 ? line : line.substring(0, semicolon)).strip();
    if (size.isEmpty() || size.length() > MAX_HEX_DIGITS) {
      throw malformed("a chunk header must start with the chunk's size in hexadecimal");
    }
    try {
      remaining = Long.parseLong(size, 16);
    } catch (NumberFormatException e) {
      throw malformed("'" + size + "' is not a hexadecimal chunk size");
    }
    if (remaining < 0) {
      throw malformed("a chunk size cannot be negative");
    }
    chunkSignature = semicolon < 0 ? "" : signatureOf(line.substring(semicolon + 1));
    if (signatures.isPresent() && chunkSignature.isEmpty()) {
      throw malformed("every chunk of a signed body needs a chunk-signature");
    }
    chunkDigest.reset();
    if (remaining == 0) {
      verifyChunk();
      return false;
    }
    inChunk = true;
    return true;
  }

  private void endChunk() throws IOException {
    if (raw.read() != '\r' || raw.read() != '\n') {
      throw malformed("a chunk's data must end with CRLF, as its size says");
    }
    inChunk = false;
    verifyChunk();
  }

  private void verifyChunk() {
    if (signatures.isPresent()) {
      previousSignature =
          signatures.get().verifyChunk(previousSignature, chunkDigest.digest(), chunkSignature);
    }
  }

  /** Reads the trailer up to its empty line, checks its signature, and expects nothing after. */
  private void finish() throws IOException {
    String trailerSignature = "";
    ByteArrayOutputStream canonical = new ByteArrayOutputStream();
    for (int lines = 0; ; lines++) {
      Optional<String> line = readLine();
      if (line.isEmpty() || line.get().isEmpty()) {
        break;
      }
      if (lines == MAX_TRAILER_LINES) {
        throw malformed("the trailer has more than " + MAX_TRAILER_LINES + " lines");
      }
      int colon = line.get().indexOf(':');
      if (colon <= 0) {
        throw malformed("a trailer line must be name:value");
      }
      String name = line.get().substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = line.get().substring(colon + 1).strip();
      if (name.equals(TRAILER_SIGNATURE)) {
        trailerSignature = value;
      } else {
        trailers.put(name, value);
        canonical.writeBytes((name + ":" + value + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    if (signatures.isPresent() && signedTrailer) {
      if (trailerSignature.isEmpty()) {
        throw malformed("a signed trailer needs an x-amz-trailer-signature line");
      }
      previousSignature =
          signatures
              .get()
              .verifyTrailer(
                  previousSignature,
                  ChecksumAlgorithm.digest("SHA-256").digest(canonical.toByteArray()),
                  trailerSignature);
    }
    if (raw.read() >= 0) {
      throw malformed("the body goes on after its final chunk and trailer");
    }
  }

  /** One line without its CRLF; empty at the end of the stream. */
  private Optional<String> readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(96);
    while (true) {
      int b = raw.read();
      if (b < 0) {
        if (line.size() == 0) {
          return Optional.empty();
        }
        throw incomplete();
      }
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int length =
            bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return Optional.of(new String(bytes, 0, length, StandardCharsets.UTF_8));
      }
      if (line.size() == MAX_LINE) {
        throw malformed("a chunk header or trailer line is longer than " + MAX_LINE + " bytes");
      }
      line.write(b);
    }
  }

  private static String signatureOf(String extensions) {
    for (String extension : extensions.split(";")) {
      String trimmed = extension.strip();
      if (trimmed.startsWith(SIGNATURE_EXTENSION)) {
        return trimmed.substring(SIGNATURE_EXTENSION.length());
      }
    }
    return "";
  }

  private static BodyFailure malformed(String problem) {
    return new BodyFailure(
        S3Error.INVALID_REQUEST.failure("The aws-chunked body is malformed: " + problem + "."));
  }

  private static BodyFailure incomplete() {
    return new BodyFailure(
        S3Error.INCOMPLETE_BODY.failure(
            "You did not provide the number of bytes specified by the chunk sizes."));
  }
}
