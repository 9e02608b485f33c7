package dev.strata.bench;

import static java.util.Objects.requireNonNull;

import dev.strata.core.model.Usage;
import dev.strata.core.money.Money;
import dev.strata.core.promptcache.PromptCacheCounts;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Comparator;
import java.util.List;

/**
 * What {@link PromptCachePlacementBenchmark} measured: the input cost of the workload with no
 * caching, with automatic placement, and with every static placement, and the targets of issue 5
 * (≥ 70% saving against no caching, within 5% of the best static placement).
 */
record PromptCacheBenchReport(
    PromptCacheBenchOptions options,
    Run none,
    Run automatic,
    List<Run> statics,
    PromptCacheCounts counts) {
  static final BigDecimal SAVING_TARGET = new BigDecimal("70");
  static final BigDecimal GAP_TARGET = new BigDecimal("5");

  /** One strategy's totals: the usage the mock reported and its exact input cost. */
  record Run(String name, Usage usage, Money inputCost) {
    Run {
      requireNonNull(name, "name");
      requireNonNull(usage, "usage");
      requireNonNull(inputCost, "inputCost");
    }
  }

  PromptCacheBenchReport {
    requireNonNull(options, "options");
    requireNonNull(none, "none");
    requireNonNull(automatic, "automatic");
    statics = statics.stream().sorted(Comparator.comparing(Run::inputCost)).toList();
    if (statics.isEmpty()) {
      throw new IllegalArgumentException("the search needs at least one static placement");
    }
    requireNonNull(counts, "counts");
  }

  Run bestStatic() {
    return statics.get(0);
  }

  /** Percent of the no-caching input cost that automatic placement saves. */
  BigDecimal savingPercent() {
    return percent(none.inputCost().minus(automatic.inputCost()), none.inputCost());
  }

  /** Percent automatic placement costs more than the best static placement (negative: less). */
  BigDecimal gapPercent() {
    return percent(automatic.inputCost().minus(bestStatic().inputCost()), bestStatic().inputCost());
  }

  boolean savingMet() {
    return savingPercent().compareTo(SAVING_TARGET) >= 0;
  }

  boolean gapMet() {
    return gapPercent().compareTo(GAP_TARGET) <= 0;
  }

  private static BigDecimal percent(Money part, Money whole) {
    if (whole.isZero()) {
      return BigDecimal.ZERO;
    }
    return BigDecimal.valueOf(part.picoUsd())
        .multiply(BigDecimal.valueOf(100))
        .divide(BigDecimal.valueOf(whole.picoUsd()), 1, RoundingMode.HALF_UP);
  }

  String text() {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "prompt-cache placement: %d sessions x %d turns, turn gap %ds, stagger %ds,"
                + " tool call every %d turns; Claude Sonnet 4 prices, 5-minute writes%n",
            options.sessions(),
            options.turns(),
            options.turnGap().toSeconds(),
            options.sessionStagger().toSeconds(),
            options.toolCallEvery()));
    out.append(String.format("%-50s %12s %12s %12s %12s%n", "strategy", "input", "cache read",
        "cache write", "input cost"));
    for (Run run : List.of(none, automatic, bestStatic())) {
      row(out, run);
    }
    out.append(
        String.format(
            "automatic saves %s%% vs no caching (target >= 70%%: %s); %s%% vs the best static"
                + " placement %s (target <= 5%%: %s)%n",
            savingPercent().toPlainString(),
            savingMet() ? "met" : "NOT met",
            gapPercent().toPlainString(),
            bestStatic().name(),
            gapMet() ? "met" : "NOT met"));
    out.append(
        String.format(
            "placement counters: %d requests seen, %d placed, %d cache points, hit ratio %.3f%n",
            counts.requestsSeen(),
            counts.requestsPlaced(),
            counts.cachePointsPlaced(),
            counts.hitRatio()));
    out.append("static placements searched, cheapest first:").append(System.lineSeparator());
    for (Run run : statics.subList(0, Math.min(8, statics.size()))) {
      row(out, run);
    }
    return out.toString();
  }

  private static void row(StringBuilder out, Run run) {
    out.append(
        String.format(
            "%-50s %12d %12d %12d %12s%n",
            run.name(),
            run.usage().inputTokens(),
            run.usage().cacheReadInputTokens(),
            run.usage().cacheWriteInputTokens(),
            run.inputCost().toUsdString()));
  }
}
