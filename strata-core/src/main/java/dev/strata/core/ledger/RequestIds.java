package dev.strata.core.ledger;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids: 22 base-62 characters, the first 8 the request's epoch millisecond and the other 14
 * random (83 bits, from a thread-local generator). They name requests in logs, response headers
 * and the ledger, whose primary key they are.
 *
 * <p>The time prefix makes ids sort in the order requests arrived (the alphabet is in ASCII order),
 * so the ledger's primary-key index grows at its end. Uniformly random keys put each insert on a
 * random page of that index instead: at a million records that cost three times the CPU and four
 * times the time per stored record (docs/benchmarks.md, "Ledger inserts"). The ids are not
 * secrets, so no secure random is needed.
 */
public final class RequestIds {
  /** The length of every id. */
  public static final int LENGTH = 22;

  private static final char[] ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final int TIME_CHARS = 8;
  /** 62^8 ms: about 6,900 years after 1970 before the prefix would wrap. */
  private static final long TIME_LIMIT = 218_340_105_584_896L;

  private RequestIds() {}

  /** A new id for a request that arrived at {@code arrival}. */
  public static String next(Instant arrival) {
    requireNonNull(arrival, "arrival");
    char[] id = new char[LENGTH];
    long millis = Math.floorMod(Math.max(0, arrival.toEpochMilli()), TIME_LIMIT);
    for (int i = TIME_CHARS - 1; i >= 0; i--) {
      id[i] = ALPHABET[(int) (millis % ALPHABET.length)];
      millis /= ALPHABET.length;
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = TIME_CHARS; i < LENGTH; i++) {
      id[i] = ALPHABET[random.nextInt(ALPHABET.length)];
    }
    return new String(id);
  }
}
