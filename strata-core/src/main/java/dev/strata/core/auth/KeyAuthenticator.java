package dev.strata.core.auth;

import static java.util.Objects.requireNonNull;

import dev.strata.core.error.StrataException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Authenticates virtual keys against the key store. Valid keys are cached briefly so the store is
 * not read on every request; an unknown key always goes to the store, so a key created a moment
 * ago works at once. A key revoked outside this process stops working within the cache TTL; one
 * revoked through {@link #forget} stops at once.
 */
public final class KeyAuthenticator implements Authenticator {
  private static final int MAX_CACHED = 100_000;

  private final KeyStore store;
  private final Clock clock;
  private final Duration ttl;
  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

  public KeyAuthenticator(KeyStore store, Clock clock, Duration ttl) {
    this.store = requireNonNull(store, "store");
    this.clock = requireNonNull(clock, "clock");
    this.ttl = requireNonNull(ttl, "ttl");
  }

  @Override
  public Principal authenticate(Optional<String> secret) {
    String presented =
        secret
            .filter(s -> !s.isBlank())
            .orElseThrow(
                () ->
                    StrataException.unauthenticated(
                        "You didn't provide an API key. Pass a Strata key as a bearer token"
                            + " (Authorization: Bearer sk-strata-…)."));
    String hash = KeySecrets.hash(presented);
    Instant now = clock.instant();
    Cached cached = cache.get(hash);
    if (cached != null && now.isBefore(cached.expiresAt())) {
      return cached.key().principal();
    }
    ApiKey key =
        store
            .findBySecretHash(hash)
            .filter(k -> !k.isRevoked())
            .orElseThrow(() -> StrataException.unauthenticated(invalidKeyMessage(presented)));
    if (cache.size() >= MAX_CACHED) {
      cache.clear();
    }
    cache.put(hash, new Cached(key, now.plus(ttl)));
    return key.principal();
  }

  /** Drops a key from the cache, e.g. right after it was revoked. */
  public void forget(String keyId) {
    cache.values().removeIf(cached -> cached.key().id().equals(keyId));
  }

  private static String invalidKeyMessage(String presented) {
    return "Incorrect API key provided: "
        + KeySecrets.displayPrefix(presented)
        + "…. The key is unknown or revoked.";
  }

  private record Cached(ApiKey key, Instant expiresAt) {}
}
