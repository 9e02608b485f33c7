package dev.strata.bench;

import dev.strata.core.ledger.Ledger;
import dev.strata.core.ledger.UsageRecord;
import java.util.concurrent.atomic.LongAdder;

/**
 * A ledger that counts records and keeps none, so a benchmark of the request path does not also
 * measure a database writer competing for the same cores.
 */
final class DiscardingLedger implements Ledger {
  private final LongAdder appended = new LongAdder();

  @Override
  public void append(UsageRecord record) {
    appended.increment();
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}

  long appended() {
    return appended.sum();
  }
}
