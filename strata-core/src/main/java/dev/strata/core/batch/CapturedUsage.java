package dev.strata.core.batch;

import dev.strata.core.ledger.Ledger;
import dev.strata.core.ledger.UsageRecord;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ledger of the batch request path: it keeps each record's usage record until the worker takes
 * it and stores it with the record's outcome, in one transaction, instead of appending it on its
 * own.
 */
final class CapturedUsage implements Ledger {
  private final ConcurrentHashMap<String, UsageRecord> captured = new ConcurrentHashMap<>();

  @Override
  public void append(UsageRecord record) {
    captured.put(record.requestId(), record);
  }

  /** Takes (and forgets) the usage record of {@code requestId}, if the path appended one. */
  Optional<UsageRecord> take(String requestId) {
    return Optional.ofNullable(captured.remove(requestId));
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
