package dev.strata.bench;

import dev.strata.bench.load.LatencySummary;

/** Renders a {@link ConverseStreamRelayReport} as a short table a person reads at a glance. */
final class ConverseStreamRelayText {

  private ConverseStreamRelayText() {}

  static String of(ConverseStreamRelayReport report) {
    var config = report.config();
    StringBuilder text = new StringBuilder();
    text.append(
        ("ConverseStream time to first byte, %d req/s alternating,"
                + " %d × %.1f s after %.1f s warm-up (ms)%n")
            .formatted(
                config.rate(), config.rounds(), config.durationSeconds(), config.warmupSeconds()));
    text.append("%-22s %8s %8s %8s %8s %8s%n".formatted("", "p50", "p90", "p99", "max", "count"));
    row(text, "direct (median)", report.directFirstByte());
    row(text, "via Strata (median)", report.viaStrataFirstByte());
    added(text, "added, median of rounds", report.addedFirstByte());
    added(text, "added, pooled", report.pooledAddedFirstByte());
    int index = 1;
    for (ConverseStreamRelayReport.Round round : report.rounds()) {
      added(text, "  round " + index++, round.added());
    }
    text.append(
        "errors: direct %d, via Strata %d%s%n"
            .formatted(
                report.directErrors(),
                report.viaStrataErrors(),
                report.errorsByCause().isEmpty() ? "" : " " + report.errorsByCause()));
    if (report.floor() != null) {
      var floor = report.floor();
      text.append(
          "floor relay (%s, no logic), errors %d:%n".formatted(floor.threads(), floor.errors()));
      added(text, "  added, median", floor.addedFirstByte());
      added(text, "  added, pooled", floor.pooledAddedFirstByte());
      added(text, "Strata above the floor", floor.strataAboveFloorFirstByte());
    }
    text.append(
        "load average before/after: %s / %s%n"
            .formatted(config.loadAverageBefore(), config.loadAverageAfter()));
    text.append(
        "target: added p99 ≤ %s ms, no errors — %s%n"
            .formatted(
                ms(report.targetAddedP99()), report.targetMet() ? "MET" : "NOT MET"));
    return text.toString();
  }

  private static void row(StringBuilder text, String name, LatencySummary summary) {
    text.append(
        "%-22s %8s %8s %8s %8s %8d%n"
            .formatted(
                name,
                ms(summary.p50()),
                ms(summary.p90()),
                ms(summary.p99()),
                ms(summary.max()),
                summary.count()));
  }

  private static void added(
      StringBuilder text, String name, ConverseStreamRelayReport.Added added) {
    text.append(
        "%-22s %8s %8s %8s %8s%n"
            .formatted(name, ms(added.p50()), ms(added.p90()), ms(added.p99()), ms(added.max())));
  }

  private static String ms(long micros) {
    return "%.3f".formatted(micros / 1000.0);
  }
}
