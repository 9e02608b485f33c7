package dev.strata.bench;

import static java.util.Objects.requireNonNull;

import dev.strata.bench.load.LatencySummary;
import dev.strata.bench.load.LoadResult;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * What {@link BatchThroughputBenchmark} measured, serialised as its JSON report: per batch
 * concurrency, the batch's records per second through the on-demand path and the latency of
 * interactive requests without and beside the batch. Latencies are in microseconds ({@code
 * latencyUnit}); a figure that could not be measured is null.
 */
public record BatchBenchReport(Config config, String latencyUnit, List<Level> levels) {

  public BatchBenchReport {
    requireNonNull(config, "config");
    requireNonNull(latencyUnit, "latencyUnit");
    levels = List.copyOf(levels);
  }

  /**
   * The settings the numbers were measured with, and the machine's load averages (1, 5, 15 min)
   * before and after the whole run.
   */
  public record Config(
      String gateway,
      List<Integer> concurrencies,
      int minRecords,
      int interactiveRate,
      double interactiveSeconds,
      double warmupSeconds,
      int rounds,
      long upstreamLatencyMs,
      long idlePollMs,
      long progressPollMs,
      String model,
      int promptTokens,
      int completionTokens,
      String machine,
      String loadAverageBefore,
      String loadAverageAfter) {

    public Config {
      concurrencies = List.copyOf(concurrencies);
    }
  }

  /**
   * One batch concurrency: each figure the median over its rounds.
   *
   * @param idealRecordsPerSecond concurrency / upstream latency
   * @param ratioToIdeal records per second / the ideal
   * @param recordsPerSecondBesideInteractive the batch's rate while the interactive load ran
   * @param endToEndSeconds from creating the batch (validation included) to its end
   * @param p50Ratio interactive p50 beside the batch / baseline p50
   * @param p99Ratio interactive p99 beside the batch / baseline p99
   */
  public record Level(
      int concurrency,
      int records,
      double idealRecordsPerSecond,
      Double recordsPerSecond,
      Double ratioToIdeal,
      Double recordsPerSecondBesideInteractive,
      double endToEndSeconds,
      LatencySummary interactiveBaseline,
      LatencySummary interactiveBesideBatch,
      double p50Ratio,
      double p99Ratio,
      long interactiveErrors,
      List<Round> rounds) {

    public Level {
      requireNonNull(interactiveBaseline, "interactiveBaseline");
      requireNonNull(interactiveBesideBatch, "interactiveBesideBatch");
      rounds = List.copyOf(rounds);
    }

    static Level of(int concurrency, int records, double ideal, List<Round> rounds) {
      if (rounds.isEmpty()) {
        throw new IllegalArgumentException("a level needs at least one round");
      }
      return new Level(
          concurrency,
          records,
          BatchTimeline.round(ideal),
          medianPresent(rounds, r -> r.batch().recordsPerSecond()),
          medianPresent(rounds, r -> r.batch().ratioToIdeal()),
          medianPresent(rounds, r -> r.batch().recordsPerSecondBesideInteractive()),
          medianOfAll(rounds, r -> r.batch().endToEndSeconds()),
          LatencySummary.median(rounds.stream().map(r -> r.baseline().latency()).toList()),
          LatencySummary.median(rounds.stream().map(r -> r.besideBatch().latency()).toList()),
          medianOfAll(rounds, Round::p50Ratio),
          medianOfAll(rounds, Round::p99Ratio),
          rounds.stream()
              .mapToLong(r -> r.baseline().errors() + r.besideBatch().errors())
              .sum(),
          rounds);
    }
  }

  /**
   * One run on a fresh gateway: the interactive baseline, then the batch with the same load beside
   * it.
   *
   * @param loadAverage the machine's load averages when the batch ended
   */
  public record Round(
      Batch batch,
      Interactive baseline,
      Interactive besideBatch,
      double p50Ratio,
      double p99Ratio,
      String loadAverage) {

    public Round {
      requireNonNull(batch, "batch");
      requireNonNull(baseline, "baseline");
      requireNonNull(besideBatch, "besideBatch");
      requireNonNull(loadAverage, "loadAverage");
    }

    static Round of(Batch batch, Interactive baseline, Interactive beside, String loadAverage) {
      return new Round(
          batch,
          baseline,
          beside,
          ratio(beside.latency(), baseline.latency(), LatencySummary::p50),
          ratio(beside.latency(), baseline.latency(), LatencySummary::p99),
          loadAverage);
    }

    private static double ratio(
        LatencySummary beside, LatencySummary baseline, ToLongFunction<LatencySummary> field) {
      long base = field.applyAsLong(baseline);
      return base == 0 ? 0 : BatchTimeline.round((double) field.applyAsLong(beside) / base);
    }
  }

  /**
   * One batch's figures.
   *
   * @param firstError the batch's first error, empty when it had none
   * @param uploadSeconds the input file's upload
   * @param toFirstRecordSeconds from creating the batch to its first finished record seen
   * @param recordsSeconds from the first finished record to the last
   * @param endToEndSeconds from creating the batch to its terminal status
   * @param recordsPerSecond records finished after the first / {@code recordsSeconds}; null when
   *     all were seen finished at once
   * @param recordsPerSecondBesideInteractive the rate while the interactive load ran
   * @param outlastedInteractive whether records were still running when the interactive load ended
   * @param gatewayCpuSeconds the gateway's CPU time from the upload to the end (interactive
   *     requests and progress reads included)
   * @param gatewayCpuMsPerRecord that over the finished records
   */
  public record Batch(
      String status,
      int total,
      int completed,
      int failed,
      String firstError,
      double uploadSeconds,
      Double toFirstRecordSeconds,
      Double recordsSeconds,
      double endToEndSeconds,
      Double recordsPerSecond,
      Double ratioToIdeal,
      Double recordsPerSecondBesideInteractive,
      boolean outlastedInteractive,
      Double gatewayCpuSeconds,
      Double gatewayCpuMsPerRecord) {

    public Batch {
      requireNonNull(status, "status");
      requireNonNull(firstError, "firstError");
    }
  }

  /** One interactive phase: its latency (successful requests) and errors. */
  public record Interactive(
      LatencySummary latency, long sent, long errors, Map<String, Long> errorsByCause) {

    public Interactive {
      requireNonNull(latency, "latency");
      errorsByCause = Map.copyOf(errorsByCause);
    }

    static Interactive of(LoadResult result) {
      return new Interactive(
          result.totalSummary(), result.sent(), result.errors(), result.errorsByCause());
    }
  }

  /** The median of the values present, null when none is. */
  static Double medianPresent(List<Round> rounds, Function<Round, Double> field) {
    double[] values =
        rounds.stream().map(field).filter(Objects::nonNull).mapToDouble(Double::doubleValue)
            .sorted().toArray();
    if (values.length == 0) {
      return null;
    }
    int middle = values.length / 2;
    double median =
        values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    return BatchTimeline.round(median);
  }

  private static double medianOfAll(List<Round> rounds, ToDoubleFunction<Round> field) {
    Double median = medianPresent(rounds, r -> field.applyAsDouble(r));
    return median == null ? 0 : median;
  }
}
