package dev.strata.core.batch;

/** How a job's records are run, decided when the job has been validated. */
public enum Execution {
  /** Not decided yet: the job has not been validated. */
  UNDECIDED,
  /** Records run one by one through on-demand calls, at low priority, billed at on-demand price. */
  ON_DEMAND,
  /** Submitted to the provider's own batch API and polled; billed at the batch price. */
  NATIVE
}
