package dev.strata.bench.load;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToLongFunction;
import org.HdrHistogram.Histogram;

/** Percentiles of a latency distribution, in microseconds. */
public record LatencySummary(
    long count, long p50, long p90, long p99, long p999, long max, long mean) {

  public static LatencySummary of(Histogram histogram) {
    if (histogram.getTotalCount() == 0) {
      return new LatencySummary(0, 0, 0, 0, 0, 0, 0);
    }
    return new LatencySummary(
        histogram.getTotalCount(),
        histogram.getValueAtPercentile(50),
        histogram.getValueAtPercentile(90),
        histogram.getValueAtPercentile(99),
        histogram.getValueAtPercentile(99.9),
        histogram.getMaxValue(),
        Math.round(histogram.getMean()));
  }

  /** Each field's median over several summaries (say, of interleaved rounds). */
  public static LatencySummary median(List<LatencySummary> summaries) {
    if (summaries.isEmpty()) {
      throw new IllegalArgumentException("no summaries to take the median of");
    }
    return new LatencySummary(
        median(summaries, LatencySummary::count),
        median(summaries, LatencySummary::p50),
        median(summaries, LatencySummary::p90),
        median(summaries, LatencySummary::p99),
        median(summaries, LatencySummary::p999),
        median(summaries, LatencySummary::max),
        median(summaries, LatencySummary::mean));
  }

  /** The median of some values; the mean of the two middle ones when their number is even. */
  public static long median(long... values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no values to take the median of");
    }
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  private static long median(List<LatencySummary> summaries, ToLongFunction<LatencySummary> field) {
    return median(summaries.stream().mapToLong(field).toArray());
  }
}
