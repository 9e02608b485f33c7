package dev.strata.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/** The databases Strata stores in, and the little that differs between them: transactions. */
enum Dialect {
  /**
   * Transactions are begun by hand with {@code BEGIN IMMEDIATE}, which takes the file's write lock
   * up front (waiting up to busy_timeout), so a transaction never fails half-way for want of it.
   * The connection stays in JDBC autocommit mode: sqlite-jdbc would otherwise begin the next
   * transaction right after each commit and hold the lock between writes.
   */
  SQLITE {
    @Override
    void begin(Connection connection) throws SQLException {
      execute(connection, "BEGIN IMMEDIATE");
    }

    @Override
    void commit(Connection connection) throws SQLException {
      execute(connection, "COMMIT");
    }

    @Override
    void rollback(Connection connection) throws SQLException {
      execute(connection, "ROLLBACK");
    }

    @Override
    void lockSchema(Connection connection) {
      // BEGIN IMMEDIATE already holds the database's only write lock.
    }
  },

  /** Plain JDBC transactions; schema changes are serialised with a transaction advisory lock. */
  POSTGRESQL {
    /** An arbitrary constant naming Strata's migration lock ("strata" in ASCII). */
    private static final long MIGRATION_LOCK = 0x737472617461L;

    @Override
    void begin(Connection connection) throws SQLException {
      if (connection.getAutoCommit()) {
        connection.setAutoCommit(false);
      }
    }

    @Override
    void commit(Connection connection) throws SQLException {
      connection.commit();
    }

    @Override
    void rollback(Connection connection) throws SQLException {
      connection.rollback();
    }

    @Override
    void lockSchema(Connection connection) throws SQLException {
      try (PreparedStatement lock =
          connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
        lock.setLong(1, MIGRATION_LOCK);
        lock.execute();
      }
    }
  };

  abstract void begin(Connection connection) throws SQLException;

  abstract void commit(Connection connection) throws SQLException;

  abstract void rollback(Connection connection) throws SQLException;

  /** Within a transaction: waits until no other process is changing the schema. */
  abstract void lockSchema(Connection connection) throws SQLException;

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
