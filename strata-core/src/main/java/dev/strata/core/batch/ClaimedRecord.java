package dev.strata.core.batch;

import static java.util.Objects.requireNonNull;

/** A record a worker holds the lease on, to run and then complete or give back. */
public record ClaimedRecord(String jobId, int index, String customId, String input, int attempts) {
  public ClaimedRecord {
    requireNonNull(jobId, "jobId");
    requireNonNull(customId, "customId");
    requireNonNull(input, "input");
  }
}
