package dev.strata.store;

import static java.util.Objects.requireNonNull;

import dev.strata.core.auth.ApiKey;
import dev.strata.core.auth.AwsCredential;
import dev.strata.core.auth.AwsCredentialStore;
import dev.strata.core.auth.KeySecrets;
import dev.strata.core.auth.KeyStore;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;

/**
 * AWS access keys in the {@code aws_credentials} table, each bound to a virtual key of {@code
 * keys}. The secret access key is sealed by a {@link SecretBox} (it must be read back to verify
 * SigV4 signatures), bound to its access key id.
 */
public final class SqlAwsCredentialStore implements AwsCredentialStore {
  /** Every access key id Strata issues starts with this; AWS's own start with AKIA or ASIA. */
  public static final String ACCESS_KEY_PREFIX = "AKST";

  private static final NamedSql SQL = NamedSql.load("aws_credentials.sql");
  private static final int ACCESS_KEY_RANDOM_LENGTH = 16;
  private static final int SECRET_LENGTH = 40;

  private final Database database;
  private final KeyStore keys;
  private final SecretBox box;
  private final Clock clock;

  public SqlAwsCredentialStore(Database database, KeyStore keys, SecretBox box, Clock clock) {
    this.database = requireNonNull(database, "database");
    this.keys = requireNonNull(keys, "keys");
    this.box = requireNonNull(box, "box");
    this.clock = requireNonNull(clock, "clock");
  }

  /**
   * Issues a new access key for the virtual key {@code keyId}; NOT_FOUND when there is no such key,
   * INVALID_REQUEST when it is revoked. The returned secret is the only clear copy.
   */
  @Override
  public AwsCredential issue(String keyId) {
    requireNonNull(keyId, "keyId");
    ApiKey key =
        keys.findById(keyId)
            .orElseThrow(
                () ->
                    StrataException.builder(ErrorKind.NOT_FOUND, "No key has the id " + keyId)
                        .param("keyId")
                        .build());
    if (key.isRevoked()) {
      throw StrataException.invalid(
          "keyId", "The key " + keyId + " is revoked; AWS credentials cannot be issued for it");
    }
    String accessKeyId =
        ACCESS_KEY_PREFIX
            + KeySecrets.randomToken(ACCESS_KEY_RANDOM_LENGTH).toUpperCase(Locale.ROOT);
    String secret = KeySecrets.randomToken(SECRET_LENGTH);
    String sealed = box.seal(secret, context(accessKeyId));
    long now = clock.millis();
    database.write(
        "issuing an AWS access key for the key " + keyId,
        connection -> {
          try (PreparedStatement insert = connection.prepareStatement(SQL.get("insert"))) {
            insert.setString(1, accessKeyId);
            insert.setString(2, keyId);
            insert.setString(3, sealed);
            insert.setLong(4, now);
            return insert.executeUpdate();
          }
        });
    return new AwsCredential(accessKeyId, secret, key);
  }

  @Override
  public Optional<AwsCredential> findByAccessKeyId(String accessKeyId) {
    requireNonNull(accessKeyId, "accessKeyId");
    Optional<StoredRow> row =
        database.read(
            "looking up an AWS access key",
            connection -> {
              try (PreparedStatement select =
                  connection.prepareStatement(SQL.get("by_access_key_id"))) {
                select.setString(1, accessKeyId);
                try (ResultSet result = select.executeQuery()) {
                  if (!result.next()) {
                    return Optional.<StoredRow>empty();
                  }
                  return Optional.of(
                      new StoredRow(result.getString("key_id"), result.getString("secret_sealed")));
                }
              }
            });
    return row.flatMap(
        stored ->
            keys.findById(stored.keyId())
                .map(
                    key ->
                        new AwsCredential(
                            accessKeyId, box.open(stored.sealed(), context(accessKeyId)), key)));
  }

  private static String context(String accessKeyId) {
    return "aws_credentials/" + accessKeyId;
  }

  private record StoredRow(String keyId, String sealed) {}

  @Override
  public String toString() {
    return "SqlAwsCredentialStore[" + database + "]";
  }
}
