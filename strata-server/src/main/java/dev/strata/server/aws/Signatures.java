package dev.strata.server.aws;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** SigV4's cryptography: SHA-256 hashes, the signing-key HMAC chain and the final signature. */
final class Signatures {
  private static final HexFormat HEX = HexFormat.of();

  private Signatures() {}

  static String sha256Hex(byte[] bytes) {
    return HEX.formatHex(sha256().digest(bytes));
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  static String stringToSign(String amzDate, String scope, String canonicalRequest) {
    return AuthorizationHeader.ALGORITHM
        + "\n"
        + amzDate
        + "\n"
        + scope
        + "\n"
        + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
  }

  /** Hex HMAC of {@code stringToSign} under the key derived from the secret and the scope. */
  static String signature(String secret, AuthorizationHeader scope, String stringToSign) {
    return signature(signingKey(secret, scope), stringToSign);
  }

  /** The key derived from the secret and the scope (date, region, service). */
  static byte[] signingKey(String secret, AuthorizationHeader scope) {
    byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), scope.date());
    key = hmac(key, scope.region());
    key = hmac(key, scope.service());
    return hmac(key, "aws4_request");
  }

  /** Hex HMAC of {@code stringToSign} under an already derived signing key. */
  static String signature(byte[] signingKey, String stringToSign) {
    return HEX.formatHex(hmac(signingKey, stringToSign));
  }

  /** Compares two hex signatures in time that does not depend on where they differ. */
  static boolean matches(String expected, String provided) {
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII), provided.getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }
}
