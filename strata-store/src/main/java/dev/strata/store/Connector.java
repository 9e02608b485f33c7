package dev.strata.store;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens connections to one database, configured for writing or for reading. */
sealed interface Connector permits SqliteConnector, PostgresConnector {
  Dialect dialect();

  /** A connection for the single writer. */
  Connection openWriter() throws SQLException;

  /** A connection for the reader pool, in autocommit mode. */
  Connection openReader() throws SQLException;

  /** Where the database is, without credentials. */
  String location();

  /**
   * The connector for a JDBC URL; {@code user} and {@code password} may be null (then the URL's are
   * used) and are ignored for SQLite.
   */
  static Connector forUrl(String jdbcUrl, String user, String password) {
    if (jdbcUrl.startsWith(SqliteConnector.PREFIX)) {
      return SqliteConnector.forUrl(jdbcUrl);
    }
    if (jdbcUrl.startsWith(PostgresConnector.PREFIX)) {
      return new PostgresConnector(jdbcUrl, user, password);
    }
    throw new IllegalArgumentException(
        "unsupported database URL '"
            + PostgresConnector.withoutCredentials(jdbcUrl)
            + "': use jdbc:sqlite:/path/strata.db or jdbc:postgresql://host/database");
  }
}
