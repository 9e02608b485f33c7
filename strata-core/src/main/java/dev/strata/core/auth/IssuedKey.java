package dev.strata.core.auth;

import static java.util.Objects.requireNonNull;

/** A key just created: the stored record and the secret, which is shown once and never stored. */
public record IssuedKey(ApiKey key, String secret) {
  public IssuedKey {
    requireNonNull(key, "key");
    requireNonNull(secret, "secret");
  }

  @Override
  public String toString() {
    return "IssuedKey[" + key.id() + ", " + key.displayPrefix() + "…]";
  }
}
