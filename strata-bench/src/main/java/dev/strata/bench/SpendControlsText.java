package dev.strata.bench;

import java.util.Locale;

/** The human-readable summary of a {@link SpendControlsReport}, in microseconds. */
final class SpendControlsText {
  private SpendControlsText() {}

  static String of(SpendControlsReport report) {
    SpendControlsReport.Config config = report.config();
    StringBuilder text = new StringBuilder();
    text.append(
        format(
            "spend controls: %d budgets (%d–%d cover each request), %d rate limits; prompts of %,d"
                + " tokens (%,d chars, %,d UTF-8 bytes), max_tokens %d; %s%n",
            config.budgets(),
            config.budgetsPerRequest().get(0),
            config.budgetsPerRequest().get(1),
            config.rateLimits(),
            config.promptTokens(),
            config.promptChars(),
            config.promptBytes(),
            config.maxTokens(),
            config.machine()));
    text.append(
        format(
            "load average (1/5/15 min): %s at the start, %s at the end%n",
            config.loadAverageAtStart(),
            config.loadAverageAtEnd()));
    text.append(
        format(
            "%-8s %-10s %-30s %-30s%n",
            "threads", "path", "p50 / p99 / p99.9 µs", "added p50 / p99 / p99.9 µs"));
    for (SpendControlsReport.Level level : report.levels()) {
      text.append(
          format("%-8d %-10s %-30s%n", level.threads(), "without", triple(level.without())));
      text.append(
          format(
              "%-8s %-10s %-30s %-30s%n", "", "with", triple(level.with()), triple(level.added())));
    }
    text.append(format("breakdown, each part timed on its own:%n"));
    for (SpendControlsReport.Part part : report.breakdown()) {
      text.append(
          format(
              "  %-64s %2d thread%s  p50 %8s  p99 %8s  p99.9 %8s µs%n",
              part.name(),
              part.threads(),
              part.threads() == 1 ? " " : "s",
              micros(part.latency().p50()),
              micros(part.latency().p99()),
              micros(part.latency().p999())));
    }
    SpendControlsReport.StoreCalls calls = report.storeCallsWhileMeasuring();
    text.append(
        format(
            "store calls while measuring: budgets %d, rate limits %d (alerts marked %d)%n",
            calls.budgetStore(), calls.rateLimitStore(), calls.alertsMarked()));
    SpendControlsReport.Target target = report.target();
    text.append(
        format(
            "target: checks add ≤ %s µs at p99 — worst level adds %s µs: %s%n",
            micros(target.addedP99LimitNanos()),
            micros(target.worstAddedP99()),
            target.met() ? "met" : "NOT met"));
    return text.toString();
  }

  private static String triple(SpendControlsReport.Percentiles latency) {
    return triple(latency.p50(), latency.p99(), latency.p999());
  }

  private static String triple(SpendControlsReport.Added added) {
    return triple(added.p50(), added.p99(), added.p999());
  }

  private static String triple(long p50, long p99, long p999) {
    return micros(p50) + " / " + micros(p99) + " / " + micros(p999);
  }

  static String micros(long nanos) {
    return format("%.1f", nanos / 1000.0);
  }

  private static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
