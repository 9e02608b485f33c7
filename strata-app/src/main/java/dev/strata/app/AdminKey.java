package dev.strata.app;

import dev.strata.core.auth.KeySecrets;
import dev.strata.store.Settings;
import java.util.Optional;

/**
 * The admin key: set in configuration, or generated at first start, stored hashed, and shown once
 * — to whichever process won the race to create it.
 *
 * @param hash hex SHA-256 of the admin secret
 * @param newSecret the secret, only when this call generated it
 */
public record AdminKey(String hash, Optional<String> newSecret) {
  static final String SETTING = "admin_key_sha256";

  /** The configured admin key, or the stored one, or a new one. */
  public static AdminKey ensure(Settings settings, Optional<String> configured) {
    if (configured.isPresent()) {
      return new AdminKey(KeySecrets.hash(configured.get()), Optional.empty());
    }
    Optional<String> stored = settings.get(SETTING);
    if (stored.isPresent()) {
      return new AdminKey(stored.get(), Optional.empty());
    }
    String secret = KeySecrets.newAdminSecret();
    String hash = KeySecrets.hash(secret);
    if (settings.putIfAbsent(SETTING, hash)) {
      return new AdminKey(hash, Optional.of(secret));
    }
    return new AdminKey(settings.get(SETTING).orElseThrow(), Optional.empty());
  }

  public boolean matches(String secret) {
    return KeySecrets.hashesMatch(KeySecrets.hash(secret), hash);
  }

  @Override
  public String toString() {
    return "AdminKey[" + (newSecret.isPresent() ? "new" : "stored") + "]";
  }
}
