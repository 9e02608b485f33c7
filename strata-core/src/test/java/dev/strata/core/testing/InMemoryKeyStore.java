package dev.strata.core.testing;

import static java.util.Objects.requireNonNull;

import dev.strata.core.auth.ApiKey;
import dev.strata.core.auth.IssuedKey;
import dev.strata.core.auth.KeySecrets;
import dev.strata.core.auth.KeyStore;
import dev.strata.core.auth.NewKey;
import dev.strata.core.auth.Principal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link KeyStore} held in memory, storing only secret hashes like the real ones. It counts
 * secret lookups so tests can prove what a cache saves. Thread-safe.
 */
public final class InMemoryKeyStore implements KeyStore {
  private final Clock clock;
  private final Map<String, ApiKey> byId = new LinkedHashMap<>();
  private int secretLookups;

  public InMemoryKeyStore(Clock clock) {
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public IssuedKey create(NewKey request) {
    return create(request, KeySecrets.newVirtualKeySecret());
  }

  /**
   * Stores a key with a secret the test chose, e.g. to stand for a key that reaches this store only
   * after a caller first presented it (replication lag, an import).
   */
  public synchronized IssuedKey create(NewKey request, String secret) {
    requireNonNull(request, "request");
    requireNonNull(secret, "secret");
    String id = "key_" + KeySecrets.randomToken(12);
    ApiKey key =
        new ApiKey(
            id,
            request.name(),
            KeySecrets.hash(secret),
            KeySecrets.displayPrefix(secret),
            new Principal(id, request.tenant(), request.team(), request.app(), request.tags()),
            clock.instant(),
            Optional.empty());
    byId.put(id, key);
    return new IssuedKey(key, secret);
  }

  /** Creates a key named {@code name} in the default tenant, with no team, app or tags. */
  public IssuedKey create(String name) {
    return create(new NewKey(name, null, null, null, Map.of()));
  }

  /** Creates a key attributed to {@code team} and {@code app} in the default tenant. */
  public IssuedKey create(String name, String team, String app) {
    return create(new NewKey(name, null, team, app, Map.of()));
  }

  @Override
  public synchronized Optional<ApiKey> findBySecretHash(String secretHash) {
    secretLookups++;
    return byId.values().stream()
        .filter(key -> KeySecrets.hashesMatch(key.secretHash(), secretHash))
        .findFirst();
  }

  @Override
  public synchronized Optional<ApiKey> findById(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  @Override
  public synchronized List<ApiKey> list() {
    return new ArrayList<>(byId.values());
  }

  @Override
  public synchronized boolean revoke(String id) {
    ApiKey key = byId.get(id);
    if (key == null) {
      return false;
    }
    if (!key.isRevoked()) {
      byId.put(
          id,
          new ApiKey(
              key.id(),
              key.name(),
              key.secretHash(),
              key.displayPrefix(),
              key.principal(),
              key.createdAt(),
              Optional.of(clock.instant())));
    }
    return true;
  }

  /** How many times {@link #findBySecretHash} has been called. */
  public synchronized int secretLookups() {
    return secretLookups;
  }

  @Override
  public synchronized String toString() {
    return "InMemoryKeyStore[" + byId.size() + " keys]";
  }
}
