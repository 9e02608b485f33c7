package dev.strata.store;

import static java.util.Objects.requireNonNull;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Semaphore;

/**
 * Strata's SQL database, SQLite or PostgreSQL, migrated to the current schema when opened. Writes
 * go through one connection guarded by a lock; reads use a small bounded pool of connections, and
 * reads made from virtual threads run on as many platform threads ({@link ReadThreads}), so a long
 * report never holds the carriers every request shares, and at most two long scans of raw records
 * run at once ({@link #scan}), so they never hold every reader either. Several processes
 * (the server and the command line) may open the same SQLite file at once: each write waits for the
 * others through SQLite's busy timeout.
 */
public final class Database implements AutoCloseable {
  private static final int READERS = 4;
  private static final Duration READER_WAIT = Duration.ofSeconds(30);
  /** Scans running at once: the rest of the readers stay free for short reads. */
  private static final int SCANS = 2;

  private final Connector connector;
  private final WriteConnection writer;
  private final ReaderPool readers;
  private final ReadThreads readThreads = new ReadThreads(READERS);
  private final Semaphore scans = new Semaphore(SCANS, true);

  private Database(Connector connector) {
    this.connector = connector;
    this.writer = new WriteConnection(connector);
    this.readers = new ReaderPool(connector, READERS, READER_WAIT);
  }

  /**
   * Opens {@code jdbc:sqlite:/path/strata.db} (creating its folders) or {@code
   * jdbc:postgresql://host/db?user=…&password=…}, and applies any migration not yet applied.
   */
  public static Database open(String jdbcUrl) {
    return open(jdbcUrl, null, null);
  }

  /**
   * Opens the database with the given credentials; null {@code user} or {@code password} are taken
   * from the URL. SQLite ignores both.
   */
  public static Database open(String jdbcUrl, String user, String password) {
    requireNonNull(jdbcUrl, "jdbcUrl");
    Database database = new Database(Connector.forUrl(jdbcUrl, user, password));
    try {
      new MigrationRunner(database, Clock.systemUTC()).migrate(Migrations.shipped());
      return database;
    } catch (RuntimeException e) {
      SQLException closing = database.closeConnections();
      if (closing != null) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  Dialect dialect() {
    return connector.dialect();
  }

  /** Runs {@code work} in one write transaction, reporting failure as a StrataException. */
  <T> T write(String action, SqlWork<T> work) {
    try {
      return transaction(work);
    } catch (SQLException e) {
      throw DatabaseFailure.of(action, e);
    }
  }

  /** Runs {@code work} in one write transaction; the caller handles SQL failures itself. */
  <T> T transaction(SqlWork<T> work) throws SQLException {
    return writer.inTransaction(work);
  }

  /**
   * Runs {@code work} on a pooled reader connection in autocommit mode; from a virtual thread, on a
   * platform thread while the caller waits parked.
   */
  <T> T read(String action, SqlWork<T> work) {
    try {
      return readThreads.call(() -> readers.withConnection(work));
    } catch (SQLException e) {
      throw DatabaseFailure.of(action, e);
    }
  }

  /**
   * Like {@link #read}, for a read that may scan raw records over a long period — seconds over
   * millions of rows, such as a report grouped by tag or tier advice. At most {@value #SCANS} run
   * at once, the others wait their turn, so scans never hold every reader connection and read
   * thread: the short reads a page or a request needs (keys, budgets, reports from rollups) go on
   * beside them.
   */
  <T> T scan(String action, SqlWork<T> work) {
    try {
      scans.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while waiting to " + action);
    }
    try {
      return read(action, work);
    } finally {
      scans.release();
    }
  }

  /** How many scans wait for their turn; for tests. */
  int scansWaiting() {
    return scans.getQueueLength();
  }

  /** Closes every connection. Close the ledger first: it writes until it is closed. */
  @Override
  public void close() {
    SQLException failure = closeConnections();
    if (failure != null) {
      throw DatabaseFailure.of("closing the database", failure);
    }
  }

  private SQLException closeConnections() {
    readThreads.close();
    SQLException failure = null;
    try {
      writer.close();
    } catch (SQLException e) {
      failure = e;
    }
    try {
      readers.close();
    } catch (SQLException e) {
      if (failure == null) {
        failure = e;
      } else {
        failure.addSuppressed(e);
      }
    }
    return failure;
  }

  @Override
  public String toString() {
    return "Database[" + connector.location() + "]";
  }
}
