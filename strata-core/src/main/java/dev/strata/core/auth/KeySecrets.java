package dev.strata.core.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Generates virtual-key secrets and hashes them. Secrets carry 190 bits of randomness, so a fast
 * SHA-256 is a sufficient hash: there is nothing to brute-force.
 */
public final class KeySecrets {
  public static final String VIRTUAL_KEY_PREFIX = "sk-strata-";
  public static final String ADMIN_KEY_PREFIX = "sk-strata-admin-";
  private static final char[] ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final int SECRET_LENGTH = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private KeySecrets() {}

  public static String newVirtualKeySecret() {
    return VIRTUAL_KEY_PREFIX + randomToken(SECRET_LENGTH);
  }

  public static String newAdminSecret() {
    return ADMIN_KEY_PREFIX + randomToken(SECRET_LENGTH);
  }

  /** A random identifier of {@code length} base-62 characters. */
  public static String randomToken(int length) {
    char[] out = new char[length];
    for (int i = 0; i < length; i++) {
      out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    return new String(out);
  }

  /** Hex SHA-256 of the secret. */
  public static String hash(String secret) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /** Compares two hashes in time independent of where they differ. */
  public static boolean hashesMatch(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
  }

  /** The first characters of a secret, safe to display. */
  public static String displayPrefix(String secret) {
    return secret.substring(0, Math.min(secret.length(), VIRTUAL_KEY_PREFIX.length() + 4));
  }
}
