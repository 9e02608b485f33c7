package dev.strata.core.auth;

import java.util.Optional;

/** Turns the secret a caller presented into the principal it is billed to. */
@FunctionalInterface
public interface Authenticator {
  /**
   * @throws dev.strata.core.error.StrataException AUTHENTICATION when the secret is missing,
   *     unknown or revoked
   */
  Principal authenticate(Optional<String> secret);
}
