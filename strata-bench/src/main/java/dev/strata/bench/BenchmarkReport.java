package dev.strata.bench;

import static java.util.Objects.requireNonNull;

import dev.strata.bench.load.LatencySummary;
import dev.strata.bench.load.LoadResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * What {@link GatewayOverheadBenchmark} measured, serialised as its JSON report. Latencies are in
 * microseconds ({@code latencyUnit}).
 *
 * @param nonStreaming total latency of whole answers
 * @param streamingFirstByte time to the first byte of streamed answers
 * @param streamingTotal time to the end of streamed answers
 * @param memoryAtRate the launched gateway's memory after the fixed-rate rounds (the target
 *     rate, plain and streamed); null for a gateway already running
 * @param memory the launched gateway's memory after the saturating throughput phase; null for a
 *     gateway already running
 * @param floor the {@link FloorRelay} measured in the same rounds; null unless asked for
 * @param baseline the same jar with one setting changed, measured in the same rounds; null unless
 *     asked for
 */
public record BenchmarkReport(
    Config config,
    String latencyUnit,
    Comparison nonStreaming,
    Comparison streamingFirstByte,
    Comparison streamingTotal,
    Throughput maxThroughput,
    ProcessMemory memoryAtRate,
    ProcessMemory memory,
    Floor floor,
    Baseline baseline) {

  public BenchmarkReport {
    requireNonNull(config, "config");
    requireNonNull(latencyUnit, "latencyUnit");
    requireNonNull(nonStreaming, "nonStreaming");
    requireNonNull(streamingFirstByte, "streamingFirstByte");
    requireNonNull(streamingTotal, "streamingTotal");
    requireNonNull(maxThroughput, "maxThroughput");
  }

  /** The settings the numbers were measured with. */
  public record Config(
      String gateway,
      int rate,
      double durationSeconds,
      int rounds,
      double warmupSeconds,
      long upstreamLatencyMs,
      int streamChunks,
      long chunkDelayMs,
      int concurrency,
      double throughputSeconds) {

    static Config of(BenchmarkOptions options, String gateway) {
      return new Config(
          gateway,
          options.rate(),
          seconds(options.duration()),
          options.rounds(),
          seconds(options.warmup()),
          options.upstreamLatency().toMillis(),
          options.chunks(),
          options.chunkDelay().toMillis(),
          options.concurrency(),
          seconds(options.throughputDuration()));
    }

    private static double seconds(Duration duration) {
      return duration.toMillis() / 1000.0;
    }
  }

  /** Direct and gateway latencies of one interleaved round, with their error counts. */
  public record Round(
      LatencySummary direct, LatencySummary gateway, long directErrors, long gatewayErrors) {}

  /** Gateway minus direct latency at three percentiles. */
  public record AddedLatency(long p50, long p90, long p99) {}

  /**
   * One metric compared over several rounds.
   *
   * @param direct each percentile's median over the rounds, straight to the mock
   * @param gateway the same through the gateway
   * @param added the median over the rounds of each round's gateway − direct difference
   * @param gatewayErrorsByCause all rounds' gateway errors, by cause
   * @param rounds the raw per-round distributions
   */
  public record Comparison(
      LatencySummary direct,
      LatencySummary gateway,
      AddedLatency added,
      long directErrors,
      long gatewayErrors,
      Map<String, Long> gatewayErrorsByCause,
      List<Round> rounds) {

    static Comparison of(List<RoundResults> results, Function<LoadResult, LatencySummary> metric) {
      List<Round> rounds =
          results.stream()
              .map(
                  r ->
                      new Round(
                          metric.apply(r.direct()),
                          metric.apply(r.gateway()),
                          r.direct().errors(),
                          r.gateway().errors()))
              .toList();
      var added =
          new AddedLatency(
              medianDifference(rounds, LatencySummary::p50),
              medianDifference(rounds, LatencySummary::p90),
              medianDifference(rounds, LatencySummary::p99));
      Map<String, Long> causes = new TreeMap<>();
      results.forEach(
          r -> r.gateway().errorsByCause().forEach((k, v) -> causes.merge(k, v, Long::sum)));
      return new Comparison(
          LatencySummary.median(rounds.stream().map(Round::direct).toList()),
          LatencySummary.median(rounds.stream().map(Round::gateway).toList()),
          added,
          rounds.stream().mapToLong(Round::directErrors).sum(),
          rounds.stream().mapToLong(Round::gatewayErrors).sum(),
          causes,
          rounds);
    }

    private static long medianDifference(
        List<Round> rounds, ToLongFunction<LatencySummary> percentile) {
      return LatencySummary.median(
          rounds.stream()
              .mapToLong(
                  r -> percentile.applyAsLong(r.gateway()) - percentile.applyAsLong(r.direct()))
              .toArray());
    }
  }

  /** Closed-loop throughput with the mock answering at once, direct and through the gateway. */
  public record Throughput(
      int concurrency,
      double directRequestsPerSecond,
      double gatewayRequestsPerSecond,
      long directErrors,
      long gatewayErrors,
      LatencySummary gatewayLatency) {

    static Throughput of(int concurrency, LoadResult direct, LoadResult gateway) {
      return new Throughput(
          concurrency,
          Math.round(direct.requestsPerSecond() * 10) / 10.0,
          Math.round(gateway.requestsPerSecond() * 10) / 10.0,
          direct.errors(),
          gateway.errors(),
          gateway.totalSummary());
    }
  }

  /**
   * The relay with no logic, measured in each round beside the gateway: what any relay adds on
   * this machine, and how far above that the gateway is.
   *
   * @param threads where the relay ran ({@link FloorRelay.Threads})
   * @param nonStreaming whole answers, the relay in the gateway's place (relay − direct)
   * @param streamingFirstByte the first byte of streamed answers, likewise
   * @param gatewayAboveFloorNonStreaming the median over rounds of gateway − relay, whole answers
   * @param gatewayAboveFloorFirstByte the same for the first byte of streamed answers
   */
  public record Floor(
      String threads,
      Comparison nonStreaming,
      Comparison streamingFirstByte,
      AddedLatency gatewayAboveFloorNonStreaming,
      AddedLatency gatewayAboveFloorFirstByte) {

    static Floor of(
        FloorRelay.Threads threads,
        List<RoundResults> plain,
        List<RoundResults> streamed,
        List<RoundResults> plainFloor,
        List<RoundResults> streamedFloor) {
      return new Floor(
          threads.flag(),
          Comparison.of(plainFloor, LoadResult::totalSummary),
          Comparison.of(streamedFloor, LoadResult::firstByteSummary),
          roundByRound(plainFloor, plain, LoadResult::totalSummary),
          roundByRound(streamedFloor, streamed, LoadResult::firstByteSummary));
    }
  }

  /**
   * The jar launched a second time with one setting changed, measured in each round beside the
   * gateway: an A/B comparison on one machine, in one run, where the drift between runs cannot
   * pass for a difference.
   *
   * @param override the setting the baseline runs with ({@code KEY=VALUE})
   * @param nonStreaming whole answers through the baseline (baseline − direct)
   * @param streamingFirstByte the first byte of streamed answers, likewise
   * @param gatewayMinusBaselineNonStreaming the median over rounds of gateway − baseline, whole
   *     answers; negative where the gateway is faster
   * @param gatewayMinusBaselineFirstByte the same for the first byte of streamed answers
   * @param maxThroughput the baseline's closed-loop throughput, measured as the gateway's is
   */
  public record Baseline(
      String override,
      Comparison nonStreaming,
      Comparison streamingFirstByte,
      AddedLatency gatewayMinusBaselineNonStreaming,
      AddedLatency gatewayMinusBaselineFirstByte,
      Throughput maxThroughput) {

    static Baseline of(
        ConfigOverride override,
        List<RoundResults> plain,
        List<RoundResults> streamed,
        List<RoundResults> plainBaseline,
        List<RoundResults> streamedBaseline,
        Throughput maxThroughput) {
      return new Baseline(
          override.toString(),
          Comparison.of(plainBaseline, LoadResult::totalSummary),
          Comparison.of(streamedBaseline, LoadResult::firstByteSummary),
          roundByRound(plainBaseline, plain, LoadResult::totalSummary),
          roundByRound(streamedBaseline, streamed, LoadResult::firstByteSummary),
          maxThroughput);
    }
  }

  /**
   * The median over rounds of {@code measured} − {@code reference}, percentile by percentile, both
   * measured in the same rounds.
   */
  static AddedLatency roundByRound(
      List<RoundResults> reference,
      List<RoundResults> measured,
      Function<LoadResult, LatencySummary> metric) {
    List<RoundResults> pairs = new ArrayList<>();
    for (int i = 0; i < reference.size(); i++) {
      pairs.add(new RoundResults(reference.get(i).gateway(), measured.get(i).gateway()));
    }
    return Comparison.of(pairs, metric).added();
  }

  /**
   * The load results of one round: the same requests straight to the mock and through the relay
   * measured (Strata, or the floor relay).
   */
  record RoundResults(LoadResult direct, LoadResult gateway) {}
}
