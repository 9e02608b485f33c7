package dev.strata.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens connections to PostgreSQL with bounded connect and socket timeouts; settings given in the
 * URL take precedence over these defaults.
 */
final class PostgresConnector implements Connector {
  static final String PREFIX = "jdbc:postgresql:";

  private final String url;
  private final Properties properties = new Properties();

  PostgresConnector(String url, String user, String password) {
    this.url = url;
    properties.setProperty("connectTimeout", "10");
    properties.setProperty("loginTimeout", "10");
    properties.setProperty("socketTimeout", "120");
    properties.setProperty("tcpKeepAlive", "true");
    properties.setProperty("ApplicationName", "strata");
    if (user != null) {
      properties.setProperty("user", user);
    }
    if (password != null) {
      properties.setProperty("password", password);
    }
  }

  @Override
  public Dialect dialect() {
    return Dialect.POSTGRESQL;
  }

  @Override
  public Connection openWriter() throws SQLException {
    Connection connection = DriverManager.getConnection(url, properties);
    connection.setAutoCommit(false);
    return connection;
  }

  @Override
  public Connection openReader() throws SQLException {
    return DriverManager.getConnection(url, properties);
  }

  @Override
  public String location() {
    return "postgresql " + withoutCredentials(url);
  }

  /** The URL without its query (which may hold a password) or user information. */
  static String withoutCredentials(String url) {
    int query = url.indexOf('?');
    String base = query < 0 ? url : url.substring(0, query);
    int at = base.lastIndexOf('@');
    int authority = base.indexOf("//");
    return at > authority && authority >= 0
        ? base.substring(0, authority + 2) + base.substring(at + 1)
        : base;
  }
}
