package dev.strata.core.batch;

/** Runs one batch record as its job's owner and reports the answer and its usage record. */
@FunctionalInterface
public interface RecordRunner {
  RecordRun run(BatchJob job, BatchLine line, String requestId);
}
