package dev.strata.core.ledger;

import java.time.Instant;
import java.util.function.Consumer;

/** Streams stored usage records, for exports: never all of them in memory at once. */
public interface LedgerExport {
  /**
   * Hands every record started in [{@code from}, {@code to}) to {@code visitor}, oldest first, and
   * returns how many there were. An exception thrown by the visitor stops the export.
   */
  long forEachRecord(Instant from, Instant to, Consumer<UsageRecord> visitor);
}
