package dev.strata.store;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one connection this process writes through, guarded by a lock so that writes from many
 * threads queue here rather than contend for the database's lock. A connection that breaks is
 * replaced on the next write.
 */
final class WriteConnection implements AutoCloseable {
  private static final int VALIDITY_TIMEOUT_SECONDS = 2;

  private final Connector connector;
  private final ReentrantLock lock = new ReentrantLock();
  private Connection connection; // guarded by lock
  private boolean closed; // guarded by lock

  WriteConnection(Connector connector) {
    this.connector = requireNonNull(connector, "connector");
  }

  /**
   * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws.
   */
  <T> T inTransaction(SqlWork<T> work) throws SQLException {
    lock.lock();
    try {
      Connection current = current();
      Dialect dialect = connector.dialect();
      dialect.begin(current);
      try {
        T result = work.run(current);
        dialect.commit(current);
        return result;
      } catch (Throwable failure) {
        abort(current, failure);
        throw failure;
      }
    } finally {
      lock.unlock();
    }
  }

  private Connection current() throws SQLException {
    if (closed) {
      throw new IllegalStateException("the database is closed");
    }
    if (connection == null) {
      connection = connector.openWriter();
    }
    return connection;
  }

  private void abort(Connection current, Throwable failure) {
    try {
      connector.dialect().rollback(current);
    } catch (SQLException e) {
      failure.addSuppressed(e); // SQLite may have rolled back already, e.g. on SQLITE_FULL
    }
    try {
      if (!current.isValid(VALIDITY_TIMEOUT_SECONDS)) {
        connection = null;
        current.close();
      }
    } catch (SQLException e) {
      connection = null;
      failure.addSuppressed(e);
    }
  }

  @Override
  public void close() throws SQLException {
    lock.lock();
    try {
      closed = true;
      if (connection != null) {
        Connection last = connection;
        connection = null;
        last.close();
      }
    } finally {
      lock.unlock();
    }
  }
}
