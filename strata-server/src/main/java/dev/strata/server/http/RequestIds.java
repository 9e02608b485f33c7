package dev.strata.server.http;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids: 22 base-62 characters (131 random bits) from a thread-local generator. They name
 * requests in logs and the ledger; they are not secrets, so no secure random is needed.
 */
final class RequestIds {
  private static final char[] ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final int LENGTH = 22;

  private RequestIds() {}

  static String next() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    char[] id = new char[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      id[i] = ALPHABET[random.nextInt(ALPHABET.length)];
    }
    return new String(id);
  }
}
