package dev.strata.server.s3;

import static java.util.Objects.requireNonNull;

import dev.strata.core.error.StrataException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An upload's bytes as the object store reads them, counted against the size limit and checked
 * against everything its {@link BodyExpectations} promise. The checks run when the decoded body
 * ends and before its end is reported, so a body that fails one is never committed.
 */
final class CheckedBody extends InputStream {
  private final InputStream decoded;
  private final BodyExpectations expected;
  private final Supplier<Map<String, String>> trailers;
  private final Optional<MessageDigest> sha256;
  private final Optional<MessageDigest> md5;
  private final Optional<ChecksumAlgorithm.Running> checksum;
  private long count;
  private boolean ended;
  private Optional<String> computedChecksum = Optional.empty();

  /**
   * @param trailers the trailer's headers, read once {@code decoded} ended
   */
  CheckedBody(
      InputStream decoded, BodyExpectations expected, Supplier<Map<String, String>> trailers) {
    this.decoded = requireNonNull(decoded, "decoded");
    this.expected = requireNonNull(expected, "expected");
    this.trailers = requireNonNull(trailers, "trailers");
    this.sha256 = expected.sha256Hex().map(hex -> ChecksumAlgorithm.digest("SHA-256"));
    this.md5 = expected.contentMd5().map(digest -> ChecksumAlgorithm.digest("MD5"));
    this.checksum = expected.checksum().map(declared -> declared.algorithm().start());
  }

  /** The checksum computed over the whole body, once it ended, base64 as S3 returns it. */
  Optional<String> computedChecksum() {
    return computedChecksum;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] bytes, int offset, int length) throws IOException {
    if (ended) {
      return -1;
    }
    int read = decoded.read(bytes, offset, length);
    if (read < 0) {
      verify();
      ended = true;
      return -1;
    }
    count += read;
    if (count > expected.maxBytes()) {
      throw new BodyFailure(BodyExpectations.tooLarge(expected.maxBytes()));
    }
    if (expected.length().isPresent() && count > expected.length().getAsLong()) {
      throw new BodyFailure(lengthMismatch());
    }
    sha256.ifPresent(digest -> digest.update(bytes, offset, read));
    md5.ifPresent(digest -> digest.update(bytes, offset, read));
    checksum.ifPresent(running -> running.update(bytes, offset, read));
    return read;
  }

  private void verify() throws BodyFailure {
    if (expected.length().isPresent() && count != expected.length().getAsLong()) {
      throw new BodyFailure(lengthMismatch());
    }
    if (sha256.isPresent()
        && !HexFormat.of().formatHex(sha256.get().digest()).equals(expected.sha256Hex().get())) {
      throw new BodyFailure(
          S3Error.CONTENT_SHA256_MISMATCH.failure(
              "The provided 'x-amz-content-sha256' header does not match what was computed."));
    }
    if (md5.isPresent()
        && !MessageDigest.isEqual(md5.get().digest(), expected.contentMd5().get())) {
      throw new BodyFailure(
          S3Error.BAD_DIGEST.failure(
              "The Content-MD5 you specified did not match what we received."));
    }
    if (checksum.isPresent()) {
      BodyExpectations.DeclaredChecksum declared = expected.checksum().get();
      String header = declared.algorithm().header();
      String sent =
          declared
              .headerValue()
              .or(() -> Optional.ofNullable(trailers.get().get(header)))
              .orElseThrow(
                  () ->
                      new BodyFailure(
                          S3Error.INVALID_REQUEST.failure(
                              "x-amz-trailer announced " + header + " but the trailer lacks it.")));
      String computed = checksum.get().base64();
      if (!computed.equals(sent)) {
        throw new BodyFailure(
            S3Error.BAD_DIGEST.failure(
                "The "
                    + declared.algorithm().name()
                    + " you specified did not match the calculated checksum."));
      }
      computedChecksum = Optional.of(computed);
    }
  }

  private StrataException lengthMismatch() {
    return S3Error.INCOMPLETE_BODY.failure(
        "You did not provide the number of bytes specified by the Content-Length or"
            + " x-amz-decoded-content-length header ("
            + expected.length().getAsLong()
            + ").");
  }
}
