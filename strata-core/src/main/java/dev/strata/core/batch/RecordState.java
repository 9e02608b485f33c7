package dev.strata.core.batch;

/** Where one record of a job is. */
public enum RecordState {
  /** Waiting to run (again, after a retryable failure or an expired lease). */
  PENDING,
  /** Claimed by a worker until its lease runs out. */
  LEASED,
  SUCCEEDED,
  FAILED,
  /** Never run: the job was cancelled or expired first. */
  SKIPPED;

  public boolean isDone() {
    return this == SUCCEEDED || this == FAILED || this == SKIPPED;
  }
}
