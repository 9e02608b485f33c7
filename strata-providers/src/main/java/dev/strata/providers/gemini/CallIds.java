package dev.strata.providers.gemini;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids for Gemini's function calls, which have none on the wire; random, so that ids from different
 * answers of one conversation do not collide.
 */
final class CallIds {
  private CallIds() {}

  static String next() {
    byte[] bytes = new byte[12];
    ThreadLocalRandom.current().nextBytes(bytes);
    return "call_" + HexFormat.of().formatHex(bytes);
  }
}
