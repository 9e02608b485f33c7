package dev.strata.server.aws;

import dev.strata.core.aws.SigV4Hashes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * What the verifier adds to the shared SigV4 primitives of {@link SigV4Hashes}: the signing key
 * of a parsed {@link AuthorizationHeader}'s scope, and a constant-time comparison of signatures.
 */
final class Signatures {
  private Signatures() {}

  /** The key derived from the secret and the header's scope (date, region, service). */
  static byte[] signingKey(String secret, AuthorizationHeader scope) {
    return SigV4Hashes.signingKey(secret, scope.date(), scope.region(), scope.service());
  }

  /** Compares two hex signatures in time that does not depend on where they differ. */
  static boolean matches(String expected, String provided) {
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII), provided.getBytes(StandardCharsets.US_ASCII));
  }
}
