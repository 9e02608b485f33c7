package dev.strata.core.auth;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * A virtual key as stored: never the secret, only its hash and a displayable prefix.
 *
 * @param id stable identifier, used in the ledger
 * @param name a human name
 * @param secretHash hex SHA-256 of the secret
 * @param displayPrefix the first characters of the secret, to recognise it in listings
 */
public record ApiKey(
    String id,
    String name,
    String secretHash,
    String displayPrefix,
    Principal principal,
    Instant createdAt,
    Optional<Instant> revokedAt) {

  public ApiKey {
    requireNonNull(id, "id");
    requireNonNull(name, "name");
    requireNonNull(secretHash, "secretHash");
    requireNonNull(displayPrefix, "displayPrefix");
    requireNonNull(principal, "principal");
    requireNonNull(createdAt, "createdAt");
    requireNonNull(revokedAt, "revokedAt");
  }

  public boolean isRevoked() {
    return revokedAt.isPresent();
  }
}
