package dev.strata.core.batch;

import static java.util.Objects.requireNonNull;

import dev.strata.core.ledger.UsageRecord;
import java.util.Optional;

/**
 * How one record ended: its output line in the job's format, whether it succeeded, and the usage
 * record to append to the ledger with it — stored together, so output and ledger always agree.
 */
public record RecordOutcome(boolean succeeded, String output, Optional<UsageRecord> usage) {
  public RecordOutcome {
    requireNonNull(output, "output");
    requireNonNull(usage, "usage");
  }
}
