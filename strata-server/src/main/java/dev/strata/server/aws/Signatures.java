package dev.strata.server.aws;

import dev.strata.core.aws.SigV4Hashes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * SigV4's cryptography as the verifier uses it: the shared primitives of {@link SigV4Hashes}, keyed
 * by a parsed {@link AuthorizationHeader}, and a constant-time comparison of signatures.
 */
final class Signatures {
  private Signatures() {}

  static String sha256Hex(byte[] bytes) {
    return SigV4Hashes.sha256Hex(bytes);
  }

  static MessageDigest sha256() {
    return SigV4Hashes.sha256();
  }

  static String stringToSign(String amzDate, String scope, String canonicalRequest) {
    return SigV4Hashes.stringToSign(amzDate, scope, canonicalRequest);
  }

  /** The key derived from the secret and the header's scope (date, region, service). */
  static byte[] signingKey(String secret, AuthorizationHeader scope) {
    return SigV4Hashes.signingKey(secret, scope.date(), scope.region(), scope.service());
  }

  /** Hex HMAC of {@code stringToSign} under an already derived signing key. */
  static String signature(byte[] signingKey, String stringToSign) {
    return SigV4Hashes.signature(signingKey, stringToSign);
  }

  /** Compares two hex signatures in time that does not depend on where they differ. */
  static boolean matches(String expected, String provided) {
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII), provided.getBytes(StandardCharsets.US_ASCII));
  }
}
