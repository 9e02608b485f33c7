package dev.strata.server.aws;

import static java.util.Objects.requireNonNull;

/**
 * How a request's body is bound to its signature, as its {@code x-amz-content-sha256} header
 * declares. The body is checked while it streams, after the headers verified.
 */
public sealed interface SignedPayload {
  /** The body's SHA-256 must be this lower-case hex digest. */
  record Sha256(String hex) implements SignedPayload {
    public Sha256 {
      requireNonNull(hex, "hex");
    }
  }

  /** {@code UNSIGNED-PAYLOAD}: the signature does not cover the body. */
  record Unsigned() implements SignedPayload {}

  /**
   * {@code aws-chunked} with a signature on every chunk, each chained to the one before ({@code
   * STREAMING-AWS4-HMAC-SHA256-PAYLOAD}), and a signed trailer when {@code trailer} ({@code
   * …-PAYLOAD-TRAILER}).
   */
  record SignedChunks(ChunkSignatures signatures, boolean trailer) implements SignedPayload {
    public SignedChunks {
      requireNonNull(signatures, "signatures");
    }
  }

  /**
   * {@code aws-chunked} chunks without signatures, then a trailer ({@code
   * STREAMING-UNSIGNED-PAYLOAD-TRAILER}).
   */
  record UnsignedChunks() implements SignedPayload {}
}
