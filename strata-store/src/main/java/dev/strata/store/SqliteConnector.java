package dev.strata.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/**
 * Opens connections to a SQLite file in WAL mode. Every connection waits up to {@link
 * #BUSY_TIMEOUT_MILLIS} for a lock another process holds instead of failing with SQLITE_BUSY.
 */
final class SqliteConnector implements Connector {
  static final String PREFIX = "jdbc:sqlite:";
  static final int BUSY_TIMEOUT_MILLIS = 5_000;

  private final String url;
  private final Path file;

  private SqliteConnector(String url, Path file) {
    this.url = url;
    this.file = file;
  }

  /** The connector for {@code jdbc:sqlite:/path/strata.db}; creates the file's parent folders. */
  static SqliteConnector forUrl(String jdbcUrl) {
    String rest = jdbcUrl.substring(PREFIX.length());
    int query = rest.indexOf('?');
    String path = query < 0 ? rest : rest.substring(0, query);
    if (path.startsWith("file:")) {
      path = path.substring("file:".length());
    }
    if (path.isBlank() || path.equals(":memory:") || path.contains("mode=memory")) {
      throw new IllegalArgumentException(
          "'"
              + jdbcUrl
              + "' is not a database file: Strata needs a file, e.g. jdbc:sqlite:data/strata.db");
    }
    Path file;
    try {
      file = Path.of(path).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(
          "'" + jdbcUrl + "' does not name a file: " + e.getMessage(), e);
    }
    try {
      Files.createDirectories(file.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the folder of the database " + file, e);
    }
    return new SqliteConnector(jdbcUrl, file);
  }

  @Override
  public Dialect dialect() {
    return Dialect.SQLITE;
  }

  @Override
  public Connection openWriter() throws SQLException {
    Connection connection = open();
    try (Statement statement = connection.createStatement()) {
      try (ResultSet mode = statement.executeQuery("PRAGMA journal_mode = WAL")) {
        String actual = mode.next() ? mode.getString(1) : "";
        if (!"wal".equalsIgnoreCase(actual)) {
          throw new SQLException(
              file + " cannot use write-ahead logging (journal_mode is '" + actual + "')");
        }
      }
      statement.execute("PRAGMA synchronous = NORMAL");
      statement.execute("PRAGMA foreign_keys = ON");
    } catch (SQLException e) {
      closeAfter(connection, e);
      throw e;
    }
    return connection;
  }

  @Override
  public Connection openReader() throws SQLException {
    Connection connection = open();
    try (Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA foreign_keys = ON");
      statement.execute("PRAGMA query_only = ON");
    } catch (SQLException e) {
      closeAfter(connection, e);
      throw e;
    }
    return connection;
  }

  private Connection open() throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    return config.createConnection(url);
  }

  private static void closeAfter(Connection connection, SQLException failure) {
    try {
      connection.close();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  @Override
  public String location() {
    return "sqlite " + file;
  }
}
