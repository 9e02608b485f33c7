package dev.strata.bench;

import dev.strata.bench.load.LatencySummary;
import java.util.Locale;

/** Renders a {@link BatchBenchReport} as a short table a person reads at a glance. */
final class BatchBenchText {

  private BatchBenchText() {}

  static String of(BatchBenchReport report) {
    var config = report.config();
    StringBuilder text = new StringBuilder();
    text.append(
        format(
            "Batch through the on-demand path: mock upstream %d ms per call; interactive %d req/s"
                + " for %s s before and beside the batch; %s%n",
            config.upstreamLatencyMs(),
            config.interactiveRate(),
            config.interactiveSeconds(),
            config.rounds() == 1 ? "1 round" : config.rounds() + " rounds, medians"));
    text.append(
        format(
            "%5s %7s %9s %7s %6s %8s %8s | %-21s %-21s %6s %6s%n",
            "conc",
            "records",
            "records/s",
            "ideal",
            "ratio",
            "beside",
            "e2e s",
            "baseline p50/p99 ms",
            "beside p50/p99 ms",
            "×p50",
            "×p99"));
    for (BatchBenchReport.Level level : report.levels()) {
      text.append(
          format(
              "%5d %7d %9s %7.1f %6s %8s %8.1f | %-21s %-21s %6.2f %6.2f%n",
              level.concurrency(),
              level.records(),
              figure(level.recordsPerSecond(), "%.1f"),
              level.idealRecordsPerSecond(),
              figure(level.ratioToIdeal(), "%.2f"),
              figure(level.recordsPerSecondBesideInteractive(), "%.1f"),
              level.endToEndSeconds(),
              percentiles(level.interactiveBaseline()),
              percentiles(level.interactiveBesideBatch()),
              level.p50Ratio(),
              level.p99Ratio()));
      for (BatchBenchReport.Round round : level.rounds()) {
        BatchBenchReport.Batch batch = round.batch();
        boolean clean =
            batch.status().equals("completed")
                && batch.failed() == 0
                && batch.outlastedInteractive()
                && round.baseline().errors() + round.besideBatch().errors() == 0;
        if (!clean) {
          text.append(
              format(
                  "      note: status %s, %d/%d completed, %d failed%s%s,"
                      + " interactive errors %d/%d%n",
                  batch.status(),
                  batch.completed(),
                  batch.total(),
                  batch.failed(),
                  batch.firstError().isEmpty() ? "" : " (" + batch.firstError() + ")",
                  batch.outlastedInteractive() ? "" : ", ended before the interactive phase",
                  round.baseline().errors(),
                  round.besideBatch().errors()));
        }
      }
    }
    text.append(
        format(
            "load average before/after: %s / %s%n",
            config.loadAverageBefore(),
            config.loadAverageAfter()));
    return text.toString();
  }

  private static String percentiles(LatencySummary latency) {
    return format("%.1f / %.1f", latency.p50() / 1000.0, latency.p99() / 1000.0);
  }

  static String figure(Double value, String pattern) {
    return value == null ? "n/a" : format(pattern, value);
  }

  private static String format(String pattern, Object... values) {
    return String.format(Locale.ROOT, pattern, values);
  }
}
