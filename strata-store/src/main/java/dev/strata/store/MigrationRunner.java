package dev.strata.store;

import static java.util.Objects.requireNonNull;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Brings a database to the current schema: each migration not yet recorded in {@code
 * schema_migrations} runs in its own transaction, under a lock that makes a second process opening
 * the same database at the same moment wait and then find the migration applied.
 */
final class MigrationRunner {
  private static final System.Logger LOG = System.getLogger(MigrationRunner.class.getName());
  private static final NamedSql SQL = NamedSql.load("schema_migrations.sql");

  private final Database database;
  private final Clock clock;

  MigrationRunner(Database database, Clock clock) {
    this.database = requireNonNull(database, "database");
    this.clock = requireNonNull(clock, "clock");
  }

  void migrate(List<Migration> migrations) {
    for (Migration migration : migrations) {
      boolean applied =
          database.write(
              "applying migration V" + migration.version() + " (" + migration.description() + ")",
              connection -> applyIfNew(connection, migration, migrations.size()));
      if (applied) {
        LOG.log(
            Level.INFO,
            "applied schema migration V"
                + migration.version()
                + " "
                + migration.description()
                + " to "
                + database);
      }
    }
  }

  private boolean applyIfNew(Connection connection, Migration migration, int latestKnown)
      throws SQLException {
    database.dialect().lockSchema(connection);
    try (Statement statement = connection.createStatement()) {
      statement.execute(SQL.get("create"));
      Set<Integer> applied = appliedVersions(statement);
      int newest = applied.stream().mapToInt(Integer::intValue).max().orElse(0);
      if (newest > latestKnown) {
        throw new IllegalStateException(
            database
                + " has schema version "
                + newest
                + ", newer than this Strata knows ("
                + latestKnown
                + "): upgrade Strata before opening this database");
      }
      if (applied.contains(migration.version())) {
        return false;
      }
      for (String sql : migration.statements()) {
        statement.execute(sql);
      }
    }
    try (PreparedStatement record = connection.prepareStatement(SQL.get("record"))) {
      record.setInt(1, migration.version());
      record.setString(2, migration.description());
      record.setLong(3, clock.millis());
      record.executeUpdate();
    }
    return true;
  }

  private static Set<Integer> appliedVersions(Statement statement) throws SQLException {
    Set<Integer> versions = new HashSet<>();
    try (ResultSet rows = statement.executeQuery(SQL.get("versions"))) {
      while (rows.next()) {
        versions.add(rows.getInt(1));
      }
    }
    return versions;
  }
}
