package dev.strata.providers.aws;

import static java.util.Objects.requireNonNull;

import dev.strata.core.aws.SigV4Hashes;


/**
 * Derives SigV4 signing keys (secret → date → region → service → {@code aws4_request}) for one
 * region and service, keeping the last one: it changes only when the date or the secret does, so
 * most requests skip the four HMACs. The cache holds one key, whatever the traffic.
 */
final class SigningKeys {
  private final String region;
  private final String service;
  private volatile Derived last;

  SigningKeys(String region, String service) {
    this.region = requireNonNull(region, "region");
    this.service = requireNonNull(service, "service");
  }

  /** The signing key of {@code secret} on {@code date} ({@code yyyyMMdd}). */
  byte[] key(String secret, String date) {
    Derived cached = last;
    if (cached != null && cached.date.equals(date) && cached.secret.equals(secret)) {
      return cached.key;
    }
    byte[] key = SigV4Hashes.signingKey(secret, date, region, service);
    last = new Derived(date, secret, key);
    return key;
  }

  /** A derived key and what it was derived from; the signer only reads the key. */
  private static final class Derived {
    private final String date;
    private final String secret;
    private final byte[] key;

    Derived(String date, String secret, byte[] key) {
      this.date = date;
      this.secret = secret;
      this.key = key;
    }
  }

  /** Never shows the secret or the key. */
  @Override
  public String toString() {
    return "SigningKeys[" + region + ", " + service + "]";
  }
}
