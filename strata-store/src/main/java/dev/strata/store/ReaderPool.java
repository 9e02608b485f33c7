package dev.strata.store;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A small bounded pool of autocommit connections for reads; connections are opened on demand, at
 * most {@code size} at once, and a caller waits at most {@code maxWait} for one.
 */
final class ReaderPool implements AutoCloseable {
  private static final int VALIDITY_TIMEOUT_SECONDS = 2;

  private final Connector connector;
  private final int size;
  private final Duration maxWait;
  private final Semaphore permits;
  private final ArrayDeque<Connection> idle = new ArrayDeque<>(); // guarded by this
  private boolean closed; // guarded by this

  ReaderPool(Connector connector, int size, Duration maxWait) {
    this.connector = requireNonNull(connector, "connector");
    this.maxWait = requireNonNull(maxWait, "maxWait");
    if (size < 1) {
      throw new IllegalArgumentException("a reader pool needs at least one connection");
    }
    this.size = size;
    this.permits = new Semaphore(size, true);
  }

  <T> T withConnection(SqlWork<T> work) throws SQLException {
    acquirePermit();
    try {
      Connection connection = borrow();
      boolean healthy = true;
      try {
        return work.run(connection);
      } catch (SQLException e) {
        healthy = isValid(connection);
        throw e;
      } finally {
        giveBack(connection, healthy);
      }
    } finally {
      permits.release();
    }
  }

  private void acquirePermit() throws SQLException {
    try {
      if (!permits.tryAcquire(maxWait.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new SQLException(
            "all " + size + " reader connections stayed busy for " + maxWait.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting for a reader connection", e);
    }
  }

  private Connection borrow() throws SQLException {
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("the database is closed");
      }
      Connection connection = idle.pollFirst();
      if (connection != null) {
        return connection;
      }
    }
    return connector.openReader();
  }

  private void giveBack(Connection connection, boolean healthy) throws SQLException {
    synchronized (this) {
      if (healthy && !closed) {
        idle.addFirst(connection);
        return;
      }
    }
    connection.close();
  }

  private static boolean isValid(Connection connection) {
    try {
      return connection.isValid(VALIDITY_TIMEOUT_SECONDS);
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public void close() throws SQLException {
    SQLException failure = null;
    synchronized (this) {
      closed = true;
      for (Connection connection : idle) {
        try {
          connection.close();
        } catch (SQLException e) {
          if (failure == null) {
            failure = e;
          } else {
            failure.addSuppressed(e);
          }
        }
      }
      idle.clear();
    }
    if (failure != null) {
      throw failure;
    }
  }
}
