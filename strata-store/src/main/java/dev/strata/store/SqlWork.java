package dev.strata.store;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done on one connection: inside a transaction for writes, in autocommit for reads. */
@FunctionalInterface
interface SqlWork<T> {
  T run(Connection connection) throws SQLException;
}
