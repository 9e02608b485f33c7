package dev.strata.store;

import static java.util.Objects.requireNonNull;

import dev.strata.core.ledger.UsageRecord;
import java.util.concurrent.CompletableFuture;

/** What the ledger's queue holds: records, and barriers that flush and close wait on. */
sealed interface LedgerEntry {
  /** A record to store. */
  record Append(UsageRecord record) implements LedgerEntry {
    public Append {
      requireNonNull(record, "record");
    }
  }

  /**
   * Completed once every entry queued before it is stored; {@code last} tells the writer that the
   * ledger is closed and nothing follows.
   */
  record Barrier(CompletableFuture<Void> stored, boolean last) implements LedgerEntry {
    public Barrier {
      requireNonNull(stored, "stored");
    }

    static Barrier flush() {
      return new Barrier(new CompletableFuture<>(), false);
    }

    static Barrier close() {
      return new Barrier(new CompletableFuture<>(), true);
    }
  }
}
