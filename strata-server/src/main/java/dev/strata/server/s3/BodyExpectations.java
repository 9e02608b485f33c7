package dev.strata.server.s3;

import static java.util.Objects.requireNonNull;

import dev.strata.core.error.StrataException;
import dev.strata.server.aws.SignedPayload;
import io.vertx.core.MultiMap;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What an upload's headers promise about its body: at most {@code maxBytes}, maybe an exact length,
 * a SHA-256 the signature covers, a {@code Content-MD5}, and an {@code x-amz-checksum-*} sent as a
 * header or announced for the trailer.
 */
record BodyExpectations(
    long maxBytes,
    OptionalLong length,
    Optional<String> sha256Hex,
    Optional<byte[]> contentMd5,
    Optional<DeclaredChecksum> checksum) {

  /** A checksum the client computed: its value is in a header, or will be in the trailer. */
  record DeclaredChecksum(ChecksumAlgorithm algorithm, Optional<String> headerValue) {
    DeclaredChecksum {
      requireNonNull(algorithm, "algorithm");
      requireNonNull(headerValue, "headerValue");
    }
  }

  BodyExpectations {
    requireNonNull(length, "length");
    requireNonNull(sha256Hex, "sha256Hex");
    requireNonNull(contentMd5, "contentMd5");
    requireNonNull(checksum, "checksum");
  }

  /**
   * The expectations of a PutObject request with {@code headers}, signed with {@code payload}.
   *
   * @throws StrataException EntityTooLarge when the declared length is over the limit,
   *     InvalidDigest for a malformed Content-MD5, InvalidRequest for conflicting checksum headers
   */
  static BodyExpectations of(MultiMap headers, SignedPayload payload, long maxBytes) {
    boolean chunked =
        payload instanceof SignedPayload.SignedChunks
            || payload instanceof SignedPayload.UnsignedChunks;
    OptionalLong length =
        chunked
            ? number(headers, "x-amz-decoded-content-length")
            : number(headers, "content-length");
    if (length.isPresent() && length.getAsLong() > maxBytes) {
      throw tooLarge(maxBytes);
    }
    Optional<String> sha256 =
        payload instanceof SignedPayload.Sha256 hashed
            ? Optional.of(hashed.hex())
            : Optional.empty();
    return new BodyExpectations(maxBytes, length, sha256, md5(headers), checksum(headers));
  }

  static StrataException tooLarge(long maxBytes) {
    return S3Error.ENTITY_TOO_LARGE.failure(
        "Your proposed upload exceeds the maximum allowed object size of " + maxBytes + " bytes.");
  }

  private static OptionalLong number(MultiMap headers, String name) {
    String value = headers.get(name);
    if (value == null) {
      return OptionalLong.empty();
    }
    try {
      long parsed = Long.parseLong(value.strip());
      if (parsed >= 0) {
        return OptionalLong.of(parsed);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw S3Error.INVALID_ARGUMENT.failure(
        "The " + name + " header must be a non-negative number.");
  }

  private static Optional<byte[]> md5(MultiMap headers) {
    String value = headers.get("content-md5");
    if (value == null) {
      return Optional.empty();
    }
    try {
      byte[] digest = Base64.getDecoder().decode(value.strip());
      if (digest.length == 16) {
        return Optional.of(digest);
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw S3Error.INVALID_DIGEST.failure("The Content-MD5 you specified was invalid.");
  }

  private static Optional<DeclaredChecksum> checksum(MultiMap headers) {
    Optional<DeclaredChecksum> declared = Optional.empty();
    for (String name : headers.names()) {
      Optional<ChecksumAlgorithm> algorithm = ChecksumAlgorithm.byHeader(name);
      if (algorithm.isPresent()) {
        declared =
            single(
                declared,
                new DeclaredChecksum(algorithm.get(), Optional.of(headers.get(name).strip())));
      }
    }
    String trailer = headers.get("x-amz-trailer");
    if (trailer != null) {
      for (String name : trailer.split(",")) {
        Optional<ChecksumAlgorithm> algorithm =
            ChecksumAlgorithm.byHeader(name.strip().toLowerCase(Locale.ROOT));
        if (algorithm.isPresent()) {
          declared = single(declared, new DeclaredChecksum(algorithm.get(), Optional.empty()));
        }
      }
    }
    return declared;
  }

  private static Optional<DeclaredChecksum> single(
      Optional<DeclaredChecksum> before, DeclaredChecksum next) {
    if (before.isPresent()) {
      throw S3Error.INVALID_REQUEST.failure(
          "Expecting a single x-amz-checksum- header; multiple checksum types are not allowed.");
    }
    return Optional.of(next);
  }
}
