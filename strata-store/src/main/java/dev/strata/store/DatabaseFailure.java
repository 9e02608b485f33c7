package dev.strata.store;

import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import java.sql.SQLException;

/** Turns a failed database operation into the error Strata reports. */
final class DatabaseFailure {
  private static final int SQLITE_BUSY = 5;
  private static final int SQLITE_LOCKED = 6;

  private DatabaseFailure() {}

  /**
   * A lock held elsewhere for too long is UNAVAILABLE (worth retrying); anything else is INTERNAL.
   * The message names the action, never the values bound to the statement.
   */
  static StrataException of(String action, SQLException cause) {
    boolean busy =
        (cause.getErrorCode() & 0xff) == SQLITE_BUSY
            || (cause.getErrorCode() & 0xff) == SQLITE_LOCKED
            || "55P03".equals(cause.getSQLState()); // PostgreSQL lock_not_available
    ErrorKind kind = busy ? ErrorKind.UNAVAILABLE : ErrorKind.INTERNAL;
    return StrataException.builder(
            kind, "The database failed while " + action + ": " + cause.getMessage())
        .cause(cause)
        .retryable(busy)
        .build();
  }
}
