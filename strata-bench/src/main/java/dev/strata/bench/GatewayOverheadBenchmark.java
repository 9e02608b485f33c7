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
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
        var gateway = openGateway(upstream)) {
      progress.println(
          "mock upstream at " + upstream.baseUrl() + ", gateway at " + gateway.baseUri());
      var plain = BenchmarkTargets.of(upstream, gateway, options.model(), false);
      var streamed = BenchmarkTargets.of(upstream, gateway, options.model(), true);
      if (!options.warmup().isZero()) {
        progress.println(
            "warming up for " + options.warmup() + " per target, ramping up to the measured rate");
        for (LoadRequest target :
            List.of(plain.direct(), plain.gateway(), streamed.direct(), streamed.gateway())) {
          warmUp(load, target);
        }
      }
      List<RoundResults> plainRounds = new ArrayList<>();
      List<RoundResults> streamedRounds = new ArrayList<>();
      for (int round = 0; round < options.rounds(); round++) {
        boolean gatewayFirst = round % 2 == 1;
        plainRounds.add(measureRound(load, plain, gatewayFirst, "round " + (round + 1) + " whole"));
        streamedRounds.add(
            measureRound(load, streamed, gatewayFirst, "round " + (round + 1) + " streamed"));
      }
      OptionalLong pid = gateway.pid();
      ProcessMemory atRate = memoryOf(pid);
      BenchmarkReport.Throughput throughput = measureThroughput(load, upstream, plain);
      ProcessMemory memory = memoryOf(pid);
      return new BenchmarkReport(
          BenchmarkReport.Config.of(options, describe(gateway)),
          "us",
          Comparison.of(plainRounds, LoadResult::totalSummary),
          Comparison.of(streamedRounds, LoadResult::firstByteSummary),
          Comparison.of(streamedRounds, LoadResult::totalSummary),
          throughput,
          atRate,
          memory);
    } finally {
      close(vertx);
    }
  }

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

  private RoundResults measureRound(
      LoadGenerator load, BenchmarkTargets targets, boolean gatewayFirst, String name) {
    LoadResult direct;
    LoadResult gateway;
    if (gatewayFirst) {
      gateway = load.fixedRate(targets.gateway(), options.rate(), options.duration());
      direct = load.fixedRate(targets.direct(), options.rate(), options.duration());
    } else {
      direct = load.fixedRate(targets.direct(), options.rate(), options.duration());
      gateway = load.fixedRate(targets.gateway(), options.rate(), options.duration());
    }
    progress.printf(
        "%s: p50/p99 direct %d/%d us, gateway %d/%d us, gateway errors %d%n",
        name,
        direct.totalSummary().p50(),
        direct.totalSummary().p99(),
        gateway.totalSummary().p50(),
        gateway.totalSummary().p99(),
        gateway.errors());
    return new RoundResults(direct, gateway);
  }

  /** Closed loop with the mock answering at once, so the gateway's own capacity is the limit. */
  private BenchmarkReport.Throughput measureThroughput(
      LoadGenerator load, MockOpenAiUpstream upstream, BenchmarkTargets plain) {
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
      return BenchmarkReport.Throughput.of(options.concurrency(), direct, gateway);
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
    return ChildProcessGateway.launch(
        options.strataJar().orElseThrow(),
        upstream.baseUrl(),
        options.model(),
        options.startupTimeout());
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
