package dev.strata.server.aws;

import static java.util.Objects.requireNonNull;

import dev.strata.core.aws.SigV4Hashes;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Verifies the chained signatures of an {@code aws-chunked} S3 body: each chunk's signature signs
 * the SHA-256 of its data and the signature before it, starting from the request's own; the
 * trailer's signs the SHA-256 of its canonical header lines. Immutable; the caller carries the
 * previous signature along the chain.
 */
public final class ChunkSignatures {
  private static final String EMPTY_SHA256 = SigV4Hashes.sha256Hex(new byte[0]);
  private static final Pattern SIGNATURE = Pattern.compile("[0-9a-f]{64}");

  private final byte[] signingKey;
  private final String amzDate;
  private final String scope;
  private final String seed;

  ChunkSignatures(byte[] signingKey, String amzDate, String scope, String seed) {
    this.signingKey = requireNonNull(signingKey, "signingKey").clone();
    this.amzDate = requireNonNull(amzDate, "amzDate");
    this.scope = requireNonNull(scope, "scope");
    this.seed = requireNonNull(seed, "seed");
  }

  /** The request's signature, which the first chunk's signature chains to. */
  public String seed() {
    return seed;
  }

  /**
   * Checks the signature of one chunk (the final, empty one included) and returns it, as the
   * previous signature for the next link.
   *
   * @throws dev.strata.core.error.StrataException SignatureDoesNotMatch (403) when it is wrong
   */
  public String verifyChunk(String previous, byte[] dataSha256, String provided) {
    return verify(
        "AWS4-HMAC-SHA256-PAYLOAD", previous, EMPTY_SHA256 + "\n" + hex(dataSha256), provided);
  }

  /**
   * Checks the trailer's signature, over the SHA-256 of its header lines, each {@code
   * name:value\n}.
   *
   * @throws dev.strata.core.error.StrataException SignatureDoesNotMatch (403) when it is wrong
   */
  public String verifyTrailer(String previous, byte[] trailerSha256, String provided) {
    return verify("AWS4-HMAC-SHA256-TRAILER", previous, hex(trailerSha256), provided);
  }

  private String verify(String algorithm, String previous, String hashes, String provided) {
    requireNonNull(previous, "previous");
    requireNonNull(provided, "provided");
    String expected =
        SigV4Hashes.signature(
            signingKey,
            algorithm + "\n" + amzDate + "\n" + scope + "\n" + previous + "\n" + hashes);
    if (!SIGNATURE.matcher(provided).matches() || !Signatures.matches(expected, provided)) {
      throw AwsAuthFailures.S3.signatureMismatch();
    }
    return provided;
  }

  private static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest);
  }

  @Override
  public String toString() {
    return "ChunkSignatures[" + scope + "]";
  }
}
