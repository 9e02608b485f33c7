package dev.strata.bench;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.strata.bench.BenchmarkReport.Comparison;
import dev.strata.bench.BenchmarkReport.RoundResults;
import dev.strata.bench.load.LoadGenerator;
import dev.strata.bench.load.LoadRequest;
import dev.strata.bench.load.LoadResult;
import dev.strata.bench.mock.MockOpenAiUpstream;
import dev.strata.bench.mock.MockSettings;
import dev.strata.core.json.JsonMappers;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Measures what a Strata gateway adds to an upstream call: the same requests, at the same fixed
 * rate, go straight to a mock upstream with a realistic latency and through the gateway, in
 * interleaved rounds whose medians are reported — for whole and for streamed answers. Then it
 * measures closed-loop throughput and, for a gateway it launched, resident memory. Prints a JSON
 * report; progress goes to stderr.
 */
public final class GatewayOverheadBenchmark {
  /** The shares of the measured rate the warm-up steps through. */
  private static final double[] WARM_UP_RAMP = {0.1, 0.25, 0.5, 1.0};

  private final BenchmarkOptions options;
  private final PrintStream progress;

  GatewayOverheadBenchmark(BenchmarkOptions options, PrintStream progress) {
    this.options = requireNonNull(options, "options");
    this.progress = requireNonNull(progress, "progress");
  }

  /** Runs from the command line (see {@link BenchmarkOptions#USAGE}); exits non-zero on failure. */
  public static void main(String[] args) throws IOException, InterruptedException {
    int status = execute(System.out, System.err, args);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Reads the flags, runs the benchmark and prints the JSON report to {@code out} (and to {@code
   * --out}); progress and errors go to {@code err}.
   *
   * @return 0 when the report was printed, 1 when the benchmark failed, 2 for bad flags
   */
  public static int execute(PrintStream out, PrintStream err, String... args)
      throws IOException, InterruptedException {
    if (List.of(args).contains("--help")) {
      out.print(BenchmarkOptions.USAGE);
      return 0;
    }
    BenchmarkOptions options;
    try {
      options = BenchmarkOptions.parse(args);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.print(BenchmarkOptions.USAGE);
      return 2;
    }
    BenchmarkReport report;
    try {
      report = new GatewayOverheadBenchmark(options, err).measure();
    } catch (IllegalStateException | IllegalArgumentException e) {
      err.println("benchmark failed: " + e.getMessage());
      return 1;
    }
    String text =
        JsonMappers.create().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report);
    out.println(text);
    if (options.out().isPresent()) {
      Files.writeString(options.out().get(), text + "\n");
    }
    return 0;
  }

  /** Runs the whole benchmark; progress goes to stderr. */
  public static BenchmarkReport run(BenchmarkOptions options)
      throws IOException, InterruptedException {
    return new GatewayOverheadBenchmark(options, System.err).measure();
  }

  BenchmarkReport measure() throws IOException, InterruptedException {
    Vertx vertx = Vertx.vertx();
    try (var upstream = MockOpenAiUpstream.start(options.mockPort(), mockSettings());
        var load =
            new LoadGenerator(vertx, BenchmarkOptions.MAX_CONCURRENCY, options.requestTimeout());
        var gateway = openGateway(upstream);
        var floor =
            FloorRelayProcess.launchIfAsked(
                options.floorRelay(),
                URI.create(upstream.baseUrl()),
                options.startupTimeout(),
                progress);
        var baseline = launchBaselineIfAsked(upstream)) {
      progress.println(
          "mock upstream at " + upstream.baseUrl() + ", gateway at " + gateway.baseUri()
              + (floor == null ? "" : ", floor relay at " + floor.baseUri())
              + (baseline == null ? "" : ", baseline at " + baseline.baseUri()));
      var plain = BenchmarkTargets.of(upstream, gateway, options.model(), false);
      var streamed = BenchmarkTargets.of(upstream, gateway, options.model(), true);
      Rounds plainRounds = new Rounds();
      Rounds streamedRounds = new Rounds();
      List<Companion> plainCompanions = new ArrayList<>();
      List<Companion> streamedCompanions = new ArrayList<>();
      companion(upstream, floor, "floor relay", plainRounds.floor, false)
          .ifPresent(plainCompanions::add);
      companion(upstream, floor, "floor relay", streamedRounds.floor, true)
          .ifPresent(streamedCompanions::add);
      companion(upstream, baseline, "baseline", plainRounds.baseline, false)
          .ifPresent(plainCompanions::add);
      companion(upstream, baseline, "baseline", streamedRounds.baseline, true)
          .ifPresent(streamedCompanions::add);
      if (!options.warmup().isZero()) {
        progress.println(
            "warming up for " + options.warmup() + " per target, ramping up to the measured rate");
        List<LoadRequest> targets = new ArrayList<>();
        targets.addAll(List.of(plain.direct(), plain.gateway()));
        plainCompanions.forEach(companion -> targets.add(companion.target()));
        targets.addAll(List.of(streamed.direct(), streamed.gateway()));
        streamedCompanions.forEach(companion -> targets.add(companion.target()));
        targets.forEach(target -> warmUp(load, target));
      }
      for (int round = 0; round < options.rounds(); round++) {
        String name = "round " + (round + 1);
        measureRound(load, plain, plainCompanions, round, name + " whole", plainRounds);
        measureRound(
            load, streamed, streamedCompanions, round, name + " streamed", streamedRounds);
      }
      OptionalLong pid = gateway.pid();
      ProcessMemory atRate = memoryOf(pid);
      Throughputs throughput = measureThroughput(load, upstream, plain, baseline);
      ProcessMemory memory = memoryOf(pid);
      return new BenchmarkReport(
          BenchmarkReport.Config.of(options, describe(gateway)),
          "us",
          Comparison.of(plainRounds.gateway, LoadResult::totalSummary),
          Comparison.of(streamedRounds.gateway, LoadResult::firstByteSummary),
          Comparison.of(streamedRounds.gateway, LoadResult::totalSummary),
          throughput.gateway(),
          atRate,
          memory,
          options
              .floorRelay()
              .map(
                  threads ->
                      BenchmarkReport.Floor.of(
                          threads,
                          plainRounds.gateway,
                          streamedRounds.gateway,
                          plainRounds.floor,
                          streamedRounds.floor))
              .orElse(null),
          options
              .baseline()
              .map(
                  override ->
                      BenchmarkReport.Baseline.of(
                          override,
                          plainRounds.gateway,
                          streamedRounds.gateway,
                          plainRounds.baseline,
                          streamedRounds.baseline,
                          throughput.baseline()))
              .orElse(null));
    } finally {
      close(vertx);
    }
  }

  /**
   * Each round's results: direct with the gateway, and direct with the floor relay and the
   * baseline when they are measured.
   */
  private static final class Rounds {
    final List<RoundResults> gateway = new ArrayList<>();
    final List<RoundResults> floor = new ArrayList<>();
    final List<RoundResults> baseline = new ArrayList<>();
  }

  /** A relay measured in each round beside the gateway; its results go to {@code rounds}. */
  private record Companion(String label, LoadRequest target, List<RoundResults> rounds) {}

  /**
   * Sends {@code target} a tenth, a quarter, half and then all of the measured rate, a quarter of
   * the warm-up each, as a load balancer's slow start would. At the full rate from the first
   * second, a cold gateway pinned to one core interprets its code while the JIT competes for that
   * core, falls behind, and the backlog survives every young collection (60-80 ms pauses, everything
   * promoted) until the heap has grown to its cap — which the serial collector never gives back, so
   * the memory measured after the rounds was that transient's, not the steady rate's.
   */
  private void warmUp(LoadGenerator load, LoadRequest target) {
    Duration step = options.warmup().dividedBy(WARM_UP_RAMP.length);
    for (int rate : warmUpRates(options.rate(), step)) {
      load.fixedRate(target, rate, step);
    }
  }

  /** The rates of the warm-up's steps of {@code step} each; a step too short to send is left out. */
  static List<Integer> warmUpRates(int rate, Duration step) {
    List<Integer> rates = new ArrayList<>();
    for (double share : WARM_UP_RAMP) {
      int stepRate = Math.max(1, (int) Math.round(rate * share));
      if (step.toNanos() * stepRate >= 1_000_000_000L) {
        rates.add(stepRate);
      }
    }
    return rates;
  }

  private static ProcessMemory memoryOf(OptionalLong pid) {
    return pid.isPresent() ? ProcessMemory.read(pid.getAsLong()).orElse(null) : null;
  }

  private void close(Vertx vertx) throws InterruptedException {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      progress.println("the load generator's Vert.x did not close: " + e);
    }
  }

  /**
   * Measures the direct target, the gateway and its companions (floor relay, baseline) one after
   * the other, each for a phase; the order rotates from round to round, so that none is always
   * first.
   */
  private void measureRound(
      LoadGenerator load,
      BenchmarkTargets targets,
      List<Companion> companions,
      int round,
      String name,
      Rounds rounds) {
    List<LoadRequest> order = new ArrayList<>(List.of(targets.direct(), targets.gateway()));
    companions.forEach(companion -> order.add(companion.target()));
    Collections.rotate(order, -(round % order.size()));
    Map<LoadRequest, LoadResult> results = new IdentityHashMap<>();
    for (LoadRequest target : order) {
      results.put(target, load.fixedRate(target, options.rate(), options.duration()));
    }
    LoadResult direct = results.get(targets.direct());
    LoadResult gateway = results.get(targets.gateway());
    progress.printf(
        "%s: p50/p99 direct %d/%d us, gateway %d/%d us, gateway errors %d%n",
        name,
        direct.totalSummary().p50(),
        direct.totalSummary().p99(),
        gateway.totalSummary().p50(),
        gateway.totalSummary().p99(),
        gateway.errors());
    rounds.gateway.add(new RoundResults(direct, gateway));
    for (Companion companion : companions) {
      LoadResult result = results.get(companion.target());
      progress.printf(
          "%s: p50/p99 %s %d/%d us, errors %d%n",
          name,
          companion.label(),
          result.totalSummary().p50(),
          result.totalSummary().p99(),
          result.errors());
      companion.rounds().add(new RoundResults(direct, result));
    }
  }

  /** The gateway's closed-loop throughput, and the baseline's when there is one. */
  private record Throughputs(
      BenchmarkReport.Throughput gateway, BenchmarkReport.Throughput baseline) {}

  /**
   * Closed loop with the mock answering at once, so the gateway's own capacity is the limit; the
   * baseline, when there is one, is measured the same way right after.
   */
  private Throughputs measureThroughput(
      LoadGenerator load,
      MockOpenAiUpstream upstream,
      BenchmarkTargets plain,
      GatewayUnderTest baseline) {
    MockSettings before = upstream.settings();
    upstream.update(s -> s.withLatency(Duration.ZERO));
    try {
      LoadResult direct =
          load.closedLoop(plain.direct(), options.concurrency(), options.throughputDuration());
      LoadResult gateway =
          load.closedLoop(plain.gateway(), options.concurrency(), options.throughputDuration());
      progress.printf(
          "max throughput at %d connections: direct %.0f req/s, gateway %.0f req/s%n",
          options.concurrency(), direct.requestsPerSecond(), gateway.requestsPerSecond());
      BenchmarkReport.Throughput ofBaseline = null;
      if (baseline != null) {
        LoadResult result =
            load.closedLoop(
                BenchmarkTargets.of(upstream, baseline, options.model(), false).gateway(),
                options.concurrency(),
                options.throughputDuration());
        progress.printf("max throughput of the baseline: %.0f req/s%n", result.requestsPerSecond());
        ofBaseline = BenchmarkReport.Throughput.of(options.concurrency(), direct, result);
      }
      return new Throughputs(
          BenchmarkReport.Throughput.of(options.concurrency(), direct, gateway), ofBaseline);
    } finally {
      upstream.update(s -> before);
    }
  }

  private GatewayUnderTest openGateway(MockOpenAiUpstream upstream)
      throws IOException, InterruptedException {
    if (options.gatewayUrl().isPresent()) {
      var running =
          GatewayUnderTest.Running.at(options.gatewayUrl().get(), options.apiKey().orElseThrow());
      HealthCheck.await(running.baseUri(), options.startupTimeout(), () -> true);
      return running;
    }
    progress.println("launching " + options.strataJar().orElseThrow());
    return launchJar(upstream, List.of());
  }

  private ChildProcessGateway launchJar(
      MockOpenAiUpstream upstream, List<ConfigOverride> overrides)
      throws IOException, InterruptedException {
    return ChildProcessGateway.launch(
        options.strataJar().orElseThrow(),
        upstream.baseUrl(),
        options.model(),
        options.startupTimeout(),
        overrides);
  }

  /**
   * The jar launched again with {@code --baseline-config}'s setting, when asked; null when not, as
   * a try-with-resources resource may be.
   */
  private ChildProcessGateway launchBaselineIfAsked(MockOpenAiUpstream upstream)
      throws IOException, InterruptedException {
    if (options.baseline().isEmpty()) {
      return null;
    }
    progress.println("launching the baseline, with " + options.baseline().get());
    return launchJar(upstream, List.of(options.baseline().get()));
  }

  /**
   * {@code relay} (floor relay or baseline), when there is one, as a companion of the gateway: the
   * same chat request, whose results go to {@code rounds}.
   */
  private Optional<Companion> companion(
      MockOpenAiUpstream upstream,
      GatewayUnderTest relay,
      String label,
      List<RoundResults> rounds,
      boolean stream) {
    return Optional.ofNullable(relay)
        .map(
            present ->
                new Companion(
                    label,
                    BenchmarkTargets.of(upstream, present, options.model(), stream).gateway(),
                    rounds));
  }

  private String describe(GatewayUnderTest gateway) {
    return gateway.pid().isPresent()
        ? "child process " + options.strataJar().orElseThrow()
        : gateway.baseUri().toString();
  }

  private MockSettings mockSettings() {
    return MockSettings.DEFAULTS
        .withLatency(options.upstreamLatency())
        .withStreamChunks(options.chunks())
        .withChunkDelay(options.chunkDelay())
        .withModels(options.model());
  }
}
