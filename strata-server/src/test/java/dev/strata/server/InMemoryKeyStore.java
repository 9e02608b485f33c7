package dev.strata.server;

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

/** A key store in memory, for tests: hashes only, like the real ones. */
final class InMemoryKeyStore implements KeyStore {
  private final Clock clock;
  private final Map<String, ApiKey> byId = new LinkedHashMap<>();

  InMemoryKeyStore(Clock clock) {
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public synchronized IssuedKey create(NewKey request) {
    String secret = KeySecrets.newVirtualKeySecret();
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

  @Override
  public synchronized Optional<ApiKey> findBySecretHash(String secretHash) {
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
}
