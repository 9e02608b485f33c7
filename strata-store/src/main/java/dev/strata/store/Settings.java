package dev.strata.store;

import static java.util.Objects.requireNonNull;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;

/**
 * Named values kept in the database, such as the hash of the admin key. {@link #putIfAbsent} is
 * atomic across processes, so two processes starting at once agree on the value.
 */
public final class Settings {
  private static final NamedSql SQL = NamedSql.load("settings.sql");

  private final Database database;

  public Settings(Database database) {
    this.database = requireNonNull(database, "database");
  }

  public Optional<String> get(String name) {
    requireName(name);
    return database.read(
        "reading the setting " + name,
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(SQL.get("get"))) {
            select.setString(1, name);
            try (ResultSet row = select.executeQuery()) {
              return row.next() ? Optional.of(row.getString(1)) : Optional.<String>empty();
            }
          }
        });
  }

  /** Sets {@code name} to {@code value}, replacing any value it had. */
  public void put(String name, String value) {
    store("put", name, value);
  }

  /** Sets {@code name} only if it has no value yet; true when this call set it. */
  public boolean putIfAbsent(String name, String value) {
    return store("put_if_absent", name, value);
  }

  private boolean store(String statement, String name, String value) {
    requireName(name);
    requireNonNull(value, "value");
    return database.write(
        "storing the setting " + name,
        connection -> {
          try (PreparedStatement upsert = connection.prepareStatement(SQL.get(statement))) {
            upsert.setString(1, name);
            upsert.setString(2, value);
            return upsert.executeUpdate() == 1;
          }
        });
  }

  private static void requireName(String name) {
    requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a setting needs a name");
    }
  }
}
