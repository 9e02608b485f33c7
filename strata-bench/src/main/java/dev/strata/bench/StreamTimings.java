package dev.strata.bench;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Collects one target's time-to-first-byte and time-to-end (µs) and its errors by cause during a
 * run. Used from the run's one event-loop thread; read once the run has completed.
 */
final class StreamTimings {

  /** Distinct error causes kept; the rest are counted under "other". */
  private static final int MAX_CAUSES = 32;

  private final Histogram firstByte = new Histogram(3);
  private final Histogram total = new Histogram(3);
  private final Map<String, Long> causes = new TreeMap<>();
  private long errors;

  void succeeded(long firstByteNanos, long totalNanos) {
    firstByte.recordValue(micros(firstByteNanos));
    total.recordValue(micros(totalNanos));
  }

  void failed(String cause) {
    requireNonNull(cause, "cause");
    errors++;
    String key = causes.size() < MAX_CAUSES || causes.containsKey(cause) ? cause : "other";
    causes.merge(key, 1L, Long::sum);
  }

  Result result() {
    return new Result(firstByte.copy(), total.copy(), errors, causes);
  }

  private static long micros(long nanos) {
    return Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos));
  }

  /** What one target measured: histograms in µs of successful requests, and the failures. */
  record Result(
      Histogram firstByte, Histogram total, long errors, Map<String, Long> errorsByCause) {
    Result {
      requireNonNull(firstByte, "firstByte");
      requireNonNull(total, "total");
      errorsByCause = Map.copyOf(errorsByCause);
    }
  }
}
