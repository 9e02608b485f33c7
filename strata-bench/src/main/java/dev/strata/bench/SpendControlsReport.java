package dev.strata.bench;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.strata.bench.load.LatencySummary;
import java.util.List;
import java.util.function.ToLongFunction;
import org.HdrHistogram.Histogram;

/**
 * What {@link SpendControlsBenchmark} measured, serialised as its JSON report. Latencies are in
 * nanoseconds ({@code latencyUnit}).
 *
 * @param levels the path without and with the spend controls, per concurrency level
 * @param breakdown the parts of the two steps' work, each timed on its own
 * @param storeCallsWhileMeasuring budget and rate-limit store calls during every timed phase
 * @param target the bound on what the checks add at p99, against the worst level
 */
public record SpendControlsReport(
    Config config,
    String latencyUnit,
    List<Level> levels,
    List<Part> breakdown,
    StoreCalls storeCallsWhileMeasuring,
    Target target) {

  /** The bound: budget and rate-limit checks add at most this much at p99. */
  static final long ADDED_P99_LIMIT_NANOS = 50_000;

  public SpendControlsReport {
    requireNonNull(config, "config");
    requireNonNull(latencyUnit, "latencyUnit");
    levels = List.copyOf(levels);
    breakdown = List.copyOf(breakdown);
    requireNonNull(storeCallsWhileMeasuring, "storeCallsWhileMeasuring");
    requireNonNull(target, "target");
  }

  /**
   * The settings and the workload.
   *
   * @param promptTokens tokens per prompt as the tokenizer counts them (mean over the prompts)
   * @param promptBytes the prompt's text in UTF-8 bytes (mean): the size {@code ReserveBudget}
   *     reserves for, in tokens, unless a hard budget has no room for it
   * @param budgetsPerRequest how many of the budgets cover a request, fewest and most
   * @param loadAverageAtStart the machine's 1/5/15-minute load averages before the warm-up
   * @param loadAverageAtEnd the same after the last timed phase
   */
  public record Config(
      List<Integer> threads,
      int rounds,
      double phaseSeconds,
      double warmupSeconds,
      long promptTokens,
      int promptChars,
      int promptBytes,
      int maxTokens,
      int budgets,
      List<Integer> budgetsPerRequest,
      int rateLimits,
      String machine,
      String loadAverageAtStart,
      String loadAverageAtEnd) {
    public Config {
      threads = List.copyOf(threads);
      budgetsPerRequest = List.copyOf(budgetsPerRequest);
      requireNonNull(machine, "machine");
      requireNonNull(loadAverageAtStart, "loadAverageAtStart");
      requireNonNull(loadAverageAtEnd, "loadAverageAtEnd");
    }
  }

  /** Percentiles of one distribution, in nanoseconds. */
  public record Percentiles(long count, long p50, long p99, long p999, long max, long mean) {
    static Percentiles of(Histogram nanos) {
      if (nanos.getTotalCount() == 0) {
        return new Percentiles(0, 0, 0, 0, 0, 0);
      }
      return new Percentiles(
          nanos.getTotalCount(),
          nanos.getValueAtPercentile(50),
          nanos.getValueAtPercentile(99),
          nanos.getValueAtPercentile(99.9),
          nanos.getMaxValue(),
          Math.round(nanos.getMean()));
    }

    /** Each field's median over several distributions (say, of interleaved rounds). */
    static Percentiles median(List<Percentiles> all) {
      return new Percentiles(
          median(all, Percentiles::count),
          median(all, Percentiles::p50),
          median(all, Percentiles::p99),
          median(all, Percentiles::p999),
          median(all, Percentiles::max),
          median(all, Percentiles::mean));
    }

    private static long median(List<Percentiles> all, ToLongFunction<Percentiles> field) {
      return LatencySummary.median(all.stream().mapToLong(field).toArray());
    }
  }

  /**
   * One round: the same requests through the path without the spend controls and with them.
   *
   * @param loadAverage the machine's 1/5/15-minute load averages when the round ended
   */
  public record Round(Percentiles without, Percentiles with, String loadAverage) {
    public Round {
      requireNonNull(without, "without");
      requireNonNull(with, "with");
      requireNonNull(loadAverage, "loadAverage");
    }
  }

  /** With − without, per percentile: the median over the rounds of each round's difference. */
  public record Added(long p50, long p99, long p999) {
    static Added of(List<Round> rounds) {
      return new Added(
          difference(rounds, Percentiles::p50),
          difference(rounds, Percentiles::p99),
          difference(rounds, Percentiles::p999));
    }

    private static long difference(List<Round> rounds, ToLongFunction<Percentiles> percentile) {
      return LatencySummary.median(
          rounds.stream()
              .mapToLong(
                  r -> percentile.applyAsLong(r.with()) - percentile.applyAsLong(r.without()))
              .toArray());
    }
  }

  /**
   * One concurrency level.
   *
   * @param without each percentile's median over the rounds, without budgets and rate limits
   * @param with the same with {@code ReserveBudget → Admit}
   * @param added what {@code ReserveBudget → Admit} add
   * @param rounds the raw per-round distributions
   */
  public record Level(
      int threads, Percentiles without, Percentiles with, Added added, List<Round> rounds) {
    public Level {
      requireNonNull(without, "without");
      requireNonNull(with, "with");
      requireNonNull(added, "added");
      rounds = List.copyOf(rounds);
      if (rounds.isEmpty()) {
        throw new IllegalArgumentException("a level needs at least one round");
      }
    }

    static Level of(int threads, List<Round> rounds) {
      return new Level(
          threads,
          Percentiles.median(rounds.stream().map(Round::without).toList()),
          Percentiles.median(rounds.stream().map(Round::with).toList()),
          Added.of(rounds),
          rounds);
    }
  }

  /** Calls of the budget and rate-limit stores ({@code markAlerted} counted on its own, too). */
  public record StoreCalls(long budgetStore, long rateLimitStore, long alertsMarked) {
    StoreCalls since(StoreCalls earlier) {
      return new StoreCalls(
          budgetStore - earlier.budgetStore,
          rateLimitStore - earlier.rateLimitStore,
          alertsMarked - earlier.alertsMarked);
    }

    StoreCalls plus(StoreCalls other) {
      return new StoreCalls(
          budgetStore + other.budgetStore,
          rateLimitStore + other.rateLimitStore,
          alertsMarked + other.alertsMarked);
    }

    @JsonIgnore
    boolean isNone() {
      return budgetStore == 0 && rateLimitStore == 0 && alertsMarked == 0;
    }
  }

  /** One part of the checks' work, timed on its own in a closed loop. */
  public record Part(String name, int threads, Percentiles latency) {
    public Part {
      requireNonNull(name, "name");
      requireNonNull(latency, "latency");
    }
  }

  /**
   * The bound against the measurement.
   *
   * @param worstAddedP99 the largest added p99 over the concurrency levels
   * @param met whether every level stays within the bound
   */
  public record Target(long addedP99LimitNanos, long worstAddedP99, boolean met) {
    static Target of(List<Level> levels) {
      long worst = levels.stream().mapToLong(level -> level.added().p99()).max().orElse(0);
      return new Target(ADDED_P99_LIMIT_NANOS, worst, worst <= ADDED_P99_LIMIT_NANOS);
    }
  }
}
