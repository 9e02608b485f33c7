package dev.strata.store;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How {@link SqlLedger} queues and writes: the queue's bound (appends block when it is full), the
 * most records written in one transaction, and the longest a record waits for its batch.
 */
public record LedgerOptions(int queueCapacity, int batchSize, Duration flushInterval) {
  public static final LedgerOptions DEFAULTS =
      new LedgerOptions(65_536, 512, Duration.ofMillis(100));

  public LedgerOptions {
    requireNonNull(flushInterval, "flushInterval");
    if (queueCapacity < 1) {
      throw new IllegalArgumentException(
          "ledger queueCapacity must be at least 1, was " + queueCapacity);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("ledger batchSize must be at least 1, was " + batchSize);
    }
    if (flushInterval.isNegative() || flushInterval.isZero()) {
      throw new IllegalArgumentException(
          "ledger flushInterval must be positive, was " + flushInterval);
    }
  }
}
