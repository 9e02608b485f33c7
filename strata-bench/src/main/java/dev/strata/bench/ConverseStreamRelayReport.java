package dev.strata.bench;

import static java.util.Objects.requireNonNull;

import dev.strata.bench.load.LatencySummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import org.HdrHistogram.Histogram;

/**
 * What {@link ConverseStreamRelayBenchmark} measured, serialised as its JSON report: time to the
 * first event-stream byte of a ConverseStream answer, straight from the mock and relayed by Strata,
 * in microseconds ({@code latencyUnit}).
 *
 * @param directFirstByte each percentile's median over the rounds, straight to the mock
 * @param viaStrataFirstByte the same through Strata
 * @param addedFirstByte the median over the rounds of each round's via-Strata − direct difference
 * @param pooledAddedFirstByte via-Strata − direct over all rounds' requests pooled together
 * @param directTotal time to the end of the answer, median over the rounds
 * @param viaStrataTotal the same through Strata
 * @param targetAddedP99 the bound on the added p99 (1 ms)
 * @param targetMet whether the median added p99 is within the bound and no request failed
 * @param floor the relay with no logic, measured beside Strata; null unless asked for
 */
public record ConverseStreamRelayReport(
    Config config,
    String latencyUnit,
    LatencySummary directFirstByte,
    LatencySummary viaStrataFirstByte,
    Added addedFirstByte,
    Added pooledAddedFirstByte,
    LatencySummary directTotal,
    LatencySummary viaStrataTotal,
    long targetAddedP99,
    boolean targetMet,
    long directErrors,
    long viaStrataErrors,
    Map<String, Long> errorsByCause,
    List<Round> rounds,
    Floor floor) {

  /** The target: relaying adds at most 1 ms to the p99 time to first byte. */
  public static final long TARGET_ADDED_P99_MICROS = 1_000;

  public ConverseStreamRelayReport {
    requireNonNull(config, "config");
    requireNonNull(latencyUnit, "latencyUnit");
    requireNonNull(directFirstByte, "directFirstByte");
    requireNonNull(viaStrataFirstByte, "viaStrataFirstByte");
    requireNonNull(addedFirstByte, "addedFirstByte");
    requireNonNull(pooledAddedFirstByte, "pooledAddedFirstByte");
    requireNonNull(directTotal, "directTotal");
    requireNonNull(viaStrataTotal, "viaStrataTotal");
    errorsByCause = Map.copyOf(errorsByCause);
    rounds = List.copyOf(rounds);
  }

  /**
   * The settings the numbers were measured with, and the machine's load averages before the
   * measured rounds and after them (other work on the machine distorts the tail).
   */
  public record Config(
      String gateway,
      String gatewayCpus,
      int rate,
      double durationSeconds,
      int rounds,
      double warmupSeconds,
      int warmupConcurrency,
      long warmupRequests,
      long warmupErrors,
      int streamEvents,
      String model,
      String upstreamModel,
      String loadAverageBefore,
      String loadAverageAfter) {}

  /** Via-Strata minus direct at some percentiles, in µs. */
  public record Added(long p50, long p90, long p99, long max) {
    /** This minus {@code other}, percentile by percentile. */
    Added minus(Added other) {
      return new Added(p50 - other.p50, p90 - other.p90, p99 - other.p99, max - other.max);
    }

    static Added between(LatencySummary direct, LatencySummary viaStrata) {
      return new Added(
          viaStrata.p50() - direct.p50(),
          viaStrata.p90() - direct.p90(),
          viaStrata.p99() - direct.p99(),
          viaStrata.max() - direct.max());
    }
  }

  /**
   * One interleaved round.
   *
   * @param viaStrataFirst whether each pair of requests started with the one through Strata
   */
  public record Round(
      boolean viaStrataFirst,
      LatencySummary direct,
      LatencySummary viaStrata,
      Added added,
      long directErrors,
      long viaStrataErrors) {}

  /**
   * A {@link FloorRelay} measured in rounds of its own, each right before or after one of
   * Strata's, against the same direct calls: what any relay adds to the first byte on this
   * machine. In its rounds, {@code viaStrata} is the relay.
   *
   * @param threads where the relay ran ({@link FloorRelay.Threads})
   * @param addedFirstByte the median over its rounds of relay − direct
   * @param pooledAddedFirstByte relay − direct over all its rounds' requests pooled together
   * @param strataAboveFloorFirstByte the median over the pairs of rounds of Strata's added
   *     latency minus the relay's
   * @param errors the relay's failed requests, all rounds
   */
  public record Floor(
      String threads,
      Added addedFirstByte,
      Added pooledAddedFirstByte,
      Added strataAboveFloorFirstByte,
      long errors,
      List<Round> rounds) {

    /** Summarises the relay's rounds, {@code floor}, against Strata's, {@code strata}. */
    static Floor of(
        FloorRelay.Threads threads,
        ConverseStreamRelayReport strata,
        ConverseStreamRelayReport floor) {
      List<Round> pairs = strata.rounds();
      List<Round> relay = floor.rounds();
      if (pairs.size() != relay.size()) {
        throw new IllegalArgumentException(
            pairs.size() + " rounds of Strata but " + relay.size() + " of the floor relay");
      }
      List<Added> above = new ArrayList<>();
      for (int i = 0; i < pairs.size(); i++) {
        above.add(pairs.get(i).added().minus(relay.get(i).added()));
      }
      return new Floor(
          threads.flag(),
          floor.addedFirstByte(),
          floor.pooledAddedFirstByte(),
          new Added(
              medianOf(above, Added::p50),
              medianOf(above, Added::p90),
              medianOf(above, Added::p99),
              medianOf(above, Added::max)),
          floor.viaStrataErrors(),
          relay);
    }
  }

  /** The same report with the floor relay's rounds summarised beside Strata's. */
  ConverseStreamRelayReport withFloor(FloorRelay.Threads threads, List<RoundTimings> floorTimings) {
    Floor measured = Floor.of(threads, this, of(config, floorTimings));
    return new ConverseStreamRelayReport(
        config,
        latencyUnit,
        directFirstByte,
        viaStrataFirstByte,
        addedFirstByte,
        pooledAddedFirstByte,
        directTotal,
        viaStrataTotal,
        targetAddedP99,
        targetMet,
        directErrors,
        viaStrataErrors,
        errorsByCause,
        rounds,
        measured);
  }

  /** The raw timings of one round, before they are summarised. */
  record RoundTimings(
      boolean viaStrataFirst, StreamTimings.Result direct, StreamTimings.Result viaStrata) {
    RoundTimings {
      requireNonNull(direct, "direct");
      requireNonNull(viaStrata, "viaStrata");
    }
  }

  static ConverseStreamRelayReport of(Config config, List<RoundTimings> timings) {
    if (timings.isEmpty()) {
      throw new IllegalArgumentException("no rounds to report");
    }
    List<Round> rounds = new ArrayList<>();
    Histogram pooledDirect = new Histogram(3);
    Histogram pooledVia = new Histogram(3);
    Map<String, Long> causes = new TreeMap<>();
    for (RoundTimings round : timings) {
      LatencySummary direct = LatencySummary.of(round.direct().firstByte());
      LatencySummary via = LatencySummary.of(round.viaStrata().firstByte());
      rounds.add(
          new Round(
              round.viaStrataFirst(),
              direct,
              via,
              Added.between(direct, via),
              round.direct().errors(),
              round.viaStrata().errors()));
      pooledDirect.add(round.direct().firstByte());
      pooledVia.add(round.viaStrata().firstByte());
      round.direct().errorsByCause().forEach((k, v) -> causes.merge("direct: " + k, v, Long::sum));
      round
          .viaStrata()
          .errorsByCause()
          .forEach((k, v) -> causes.merge("via Strata: " + k, v, Long::sum));
    }
    Added added =
        new Added(
            median(rounds, Added::p50),
            median(rounds, Added::p90),
            median(rounds, Added::p99),
            median(rounds, Added::max));
    long directErrors = rounds.stream().mapToLong(Round::directErrors).sum();
    long viaErrors = rounds.stream().mapToLong(Round::viaStrataErrors).sum();
    return new ConverseStreamRelayReport(
        config,
        "us",
        LatencySummary.median(rounds.stream().map(Round::direct).toList()),
        LatencySummary.median(rounds.stream().map(Round::viaStrata).toList()),
        added,
        Added.between(LatencySummary.of(pooledDirect), LatencySummary.of(pooledVia)),
        LatencySummary.median(
            timings.stream().map(t -> LatencySummary.of(t.direct().total())).toList()),
        LatencySummary.median(
            timings.stream().map(t -> LatencySummary.of(t.viaStrata().total())).toList()),
        TARGET_ADDED_P99_MICROS,
        added.p99() <= TARGET_ADDED_P99_MICROS && directErrors == 0 && viaErrors == 0,
        directErrors,
        viaErrors,
        causes,
        rounds,
        null);
  }

  private static long median(List<Round> rounds, ToLongFunction<Added> field) {
    return medianOf(rounds.stream().map(Round::added).toList(), field);
  }

  private static long medianOf(List<Added> added, ToLongFunction<Added> field) {
    return LatencySummary.median(added.stream().mapToLong(field).toArray());
  }
}
