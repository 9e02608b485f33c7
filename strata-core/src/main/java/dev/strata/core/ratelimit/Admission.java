package dev.strata.core.ratelimit;

/** A request let through the rate limits, to be charged its real token count afterwards. */
public interface Admission {
  /** Let through without any limit covering it. */
  Admission UNLIMITED = actualTokens -> {};

  /** Charges the tokens really used instead of those admitted for. Call once. */
  void settle(long actualTokens);
}
