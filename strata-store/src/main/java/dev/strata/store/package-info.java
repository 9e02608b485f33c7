/**
 * JDBC stores on SQLite (embedded default) or PostgreSQL: the {@link dev.strata.store.Database}
 * with its migrations, virtual keys, the usage ledger and named settings.
 */
package dev.strata.store;
