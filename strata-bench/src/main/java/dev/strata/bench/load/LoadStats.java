package dev.strata.bench.load;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/** Collects the outcomes of one load run from any thread. */
final class LoadStats {

  /** Distinct error causes kept; the rest are counted under "other". */
  private static final int MAX_CAUSES = 32;

  private final Recorder total = new Recorder(3);
  private final Recorder firstByte = new Recorder(3);
  private final LongAdder sent = new LongAdder();
  private final LongAdder succeeded = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final Map<String, LongAdder> causes = new ConcurrentHashMap<>();

  void sent() {
    sent.increment();
  }

  void succeeded(long firstByteNanos, long totalNanos) {
    succeeded.increment();
    firstByte.recordValue(micros(firstByteNanos));
    total.recordValue(micros(totalNanos));
  }

  void failed(String cause) {
    errors.increment();
    String key = causes.size() < MAX_CAUSES || causes.containsKey(cause) ? cause : "other";
    causes.computeIfAbsent(key, k -> new LongAdder()).increment();
  }

  LoadResult result(Duration elapsed) {
    Map<String, Long> byCause = new TreeMap<>();
    causes.forEach((cause, count) -> byCause.put(cause, count.sum()));
    return new LoadResult(
        sent.sum(),
        succeeded.sum(),
        errors.sum(),
        byCause,
        total.getIntervalHistogram(),
        firstByte.getIntervalHistogram(),
        elapsed);
  }

  private static long micros(long nanos) {
    return Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos));
  }
}
