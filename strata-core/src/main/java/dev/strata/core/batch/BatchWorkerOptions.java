package dev.strata.core.batch;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How a batch worker runs.
 *
 * @param workerId this worker's name in leases; unique per running instance
 * @param concurrency records run at once through on-demand calls (batch work's share of the
 *     upstream, so interactive traffic keeps its headroom)
 * @param leaseDuration how long a claim lasts without renewal; a worker that dies loses its work
 *     to others after this long
 * @param idlePoll how often an idle worker looks for new work
 * @param nativePoll how often a job handed to a provider's batch API is polled
 * @param maxRecordsPerJob the most records one input file may hold
 * @param maxAttempts how often a record is tried after retryable failures (rate limits, an
 *     unavailable upstream) before it fails
 * @param firstRetryDelay the wait before the second attempt, doubling after each
 */
public record BatchWorkerOptions(
    String workerId,
    int concurrency,
    Duration leaseDuration,
    Duration idlePoll,
    Duration nativePoll,
    int maxRecordsPerJob,
    int maxAttempts,
    Duration firstRetryDelay) {
  public static final int OPENAI_MAX_RECORDS = 50_000;

  public BatchWorkerOptions {
    requireNonNull(workerId, "workerId");
    requireNonNull(leaseDuration, "leaseDuration");
    requireNonNull(idlePoll, "idlePoll");
    requireNonNull(nativePoll, "nativePoll");
    requireNonNull(firstRetryDelay, "firstRetryDelay");
    if (workerId.isBlank()) {
      throw new IllegalArgumentException("workerId cannot be blank");
    }
    if (concurrency < 1 || maxRecordsPerJob < 1 || maxAttempts < 1) {
      throw new IllegalArgumentException("concurrency, maxRecordsPerJob and maxAttempts must be positive");
    }
    if (leaseDuration.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("leaseDuration must be at least a second");
    }
    if (idlePoll.isNegative() || idlePoll.isZero() || nativePoll.isNegative() || nativePoll.isZero()) {
      throw new IllegalArgumentException("poll intervals must be positive");
    }
  }

  /** The delay before attempt {@code attempt + 1}, doubling from the first, capped at an hour. */
  Duration retryDelay(int attempt) {
    long factor = 1L << Math.min(Math.max(attempt - 1, 0), 12);
    Duration delay = firstRetryDelay.multipliedBy(factor);
    return delay.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : delay;
  }
}
