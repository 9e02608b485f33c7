package dev.strata.store;

import static java.util.Objects.requireNonNull;

import dev.strata.core.auth.ApiKey;
import dev.strata.core.auth.IssuedKey;
import dev.strata.core.auth.KeySecrets;
import dev.strata.core.auth.KeyStore;
import dev.strata.core.auth.NewKey;
import dev.strata.core.auth.Principal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Virtual keys in the {@code api_keys} table. A secret is returned once, when the key is created;
 * only its SHA-256 hash is stored. Times are kept to the millisecond.
 */
public final class SqlKeyStore implements KeyStore {
  private static final NamedSql SQL = NamedSql.load("keys.sql");
  private static final int ID_LENGTH = 16;

  private final Database database;
  private final Clock clock;

  public SqlKeyStore(Database database, Clock clock) {
    this.database = requireNonNull(database, "database");
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public IssuedKey create(NewKey request) {
    requireNonNull(request, "request");
    String id = "key_" + KeySecrets.randomToken(ID_LENGTH);
    String secret = KeySecrets.newVirtualKeySecret();
    ApiKey key =
        new ApiKey(
            id,
            request.name(),
            KeySecrets.hash(secret),
            KeySecrets.displayPrefix(secret),
            new Principal(id, request.tenant(), request.team(), request.app(), request.tags()),
            Instant.ofEpochMilli(clock.millis()),
            Optional.empty());
    database.write("creating the key " + id, connection -> insert(connection, key));
    return new IssuedKey(key, secret);
  }

  private static Void insert(Connection connection, ApiKey key) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(SQL.get("insert"))) {
      Principal principal = key.principal();
      insert.setString(1, key.id());
      insert.setString(2, key.name());
      insert.setString(3, key.secretHash());
      insert.setString(4, key.displayPrefix());
      insert.setString(5, principal.tenant());
      insert.setString(6, principal.team());
      insert.setString(7, principal.app());
      insert.setString(8, TagsJson.write(principal.tags()));
      insert.setLong(9, key.createdAt().toEpochMilli());
      insert.executeUpdate();
    }
    return null;
  }

  @Override
  public Optional<ApiKey> findBySecretHash(String secretHash) {
    requireNonNull(secretHash, "secretHash");
    return findOne("by_secret_hash", secretHash);
  }

  @Override
  public Optional<ApiKey> findById(String id) {
    requireNonNull(id, "id");
    return findOne("by_id", id);
  }

  private Optional<ApiKey> findOne(String statement, String value) {
    return database.read(
        "looking up a key",
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(SQL.get(statement))) {
            select.setString(1, value);
            try (ResultSet row = select.executeQuery()) {
              return row.next() ? Optional.of(key(row)) : Optional.<ApiKey>empty();
            }
          }
        });
  }

  @Override
  public List<ApiKey> list() {
    return database.read(
        "listing keys",
        connection -> {
          List<ApiKey> keys = new ArrayList<>();
          try (PreparedStatement select = connection.prepareStatement(SQL.get("list"));
              ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
              keys.add(key(rows));
            }
          }
          return List.copyOf(keys);
        });
  }

  @Override
  public boolean revoke(String id) {
    requireNonNull(id, "id");
    long now = clock.millis();
    return database.write(
        "revoking the key " + id,
        connection -> {
          try (PreparedStatement revoke = connection.prepareStatement(SQL.get("revoke"))) {
            revoke.setLong(1, now);
            revoke.setString(2, id);
            if (revoke.executeUpdate() == 1) {
              return true;
            }
          }
          try (PreparedStatement exists = connection.prepareStatement(SQL.get("exists"))) {
            exists.setString(1, id);
            try (ResultSet row = exists.executeQuery()) {
              return row.next();
            }
          }
        });
  }

  private static ApiKey key(ResultSet row) throws SQLException {
    String id = row.getString("id");
    long revokedAt = row.getLong("revoked_at");
    Optional<Instant> revoked =
        row.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(revokedAt));
    return new ApiKey(
        id,
        row.getString("name"),
        row.getString("secret_hash"),
        row.getString("display_prefix"),
        new Principal(
            id,
            row.getString("tenant"),
            row.getString("team"),
            row.getString("app"),
            TagsJson.read(row.getString("tags_json"))),
        Instant.ofEpochMilli(row.getLong("created_at")),
        revoked);
  }
}
