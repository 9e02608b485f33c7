package dev.strata.server.metrics;

import dev.strata.core.ledger.UsageRecord;

/** Learns of each request the ledger accepted, e.g. to count it or to export it as a span. */
@FunctionalInterface
interface UsageObserver {
  void observe(UsageRecord record);
}
