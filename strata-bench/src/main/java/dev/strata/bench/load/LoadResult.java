package dev.strata.bench.load;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What a load run measured. Latencies are in microseconds and count only successful requests; in a
 * fixed-rate run they are measured from the time each request was scheduled, so time spent waiting
 * behind a slow server counts (no coordinated omission).
 *
 * @param sent requests started
 * @param succeeded requests answered 2xx and read to the end
 * @param errors requests that failed: non-2xx, exception or timeout
 * @param errorsByCause error counts keyed by cause, such as {@code status 429} or {@code timeout}
 * @param total latency until the last byte of the response
 * @param firstByte latency until the first byte of the response body
 * @param elapsed from the first send to the last completion
 */
public record LoadResult(
    long sent,
    long succeeded,
    long errors,
    Map<String, Long> errorsByCause,
    Histogram total,
    Histogram firstByte,
    Duration elapsed) {

  public LoadResult {
    requireNonNull(total, "total");
    requireNonNull(firstByte, "firstByte");
    requireNonNull(elapsed, "elapsed");
    errorsByCause = Map.copyOf(errorsByCause);
  }

  /** Successful requests per second over the elapsed time. */
  public double requestsPerSecond() {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds > 0 ? succeeded / seconds : 0;
  }

  public LatencySummary totalSummary() {
    return LatencySummary.of(total);
  }

  public LatencySummary firstByteSummary() {
    return LatencySummary.of(firstByte);
  }
}
