package dev.strata.bench;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Settings of {@link GatewayOverheadBenchmark}; {@link #parse} reads them from flags (see {@link
 * #USAGE}). Exactly one of {@code gatewayUrl} and {@code strataJar} is present.
 */
public record BenchmarkOptions(
    int rate,
    Duration duration,
    int rounds,
    Duration warmup,
    int concurrency,
    Duration throughputDuration,
    Duration upstreamLatency,
    int chunks,
    Duration chunkDelay,
    int mockPort,
    String model,
    Optional<URI> gatewayUrl,
    Optional<String> apiKey,
    Optional<Path> strataJar,
    Optional<Path> out,
    Duration startupTimeout,
    Duration requestTimeout,
    Optional<FloorRelay.Threads> floorRelay,
    Optional<ConfigOverride> baseline) {

  /** The most connections the benchmark opens to one target. */
  public static final int MAX_CONCURRENCY = 1024;

  private static final int MAX_RATE = 100_000;

  public static final String USAGE =
      """
      Usage: GatewayOverheadBenchmark (--strata-jar PATH | --gateway-url URL --api-key KEY) [options]
        --strata-jar PATH          launch this Strata jar as a child process and measure it
        --gateway-url URL          measure a running gateway (http://127.0.0.1:PORT); configure it
                                   with an openai provider at http://127.0.0.1:<mock-port>/v1
        --api-key KEY              the running gateway's API key
        --mock-port N              port of the mock upstream (default 0: a free port)
        --rate N                   requests per second of the fixed-rate phases (default 1000)
        --duration SECONDS         length of each measured phase (default 20)
        --rounds N                 direct/gateway rounds; medians are reported (default 3)
        --warmup SECONDS           discarded warm-up per target, ramping up to --rate (default 5)
        --concurrency N            connections of the max-throughput phase (default 64)
        --throughput-duration S    length of each max-throughput phase (default 10)
        --upstream-latency-ms N    the mock's latency before the first byte (default 20)
        --chunks N                 content chunks of a streamed answer (default 16)
        --chunk-delay-ms N         delay between stream events (default 1)
        --model NAME               model name routed to the mock (default bench-model)
        --startup-timeout SECONDS  wait for the launched gateway's /health (default 60)
        --request-timeout SECONDS  a request taking longer is an error (default 10)
        --out FILE                 also write the JSON report to FILE
        --floor-relay THREADS      also measure, in each round, a relay with no logic launched like
                                   the gateway (event-loop: all on one event loop; virtual-threads:
                                   Strata's hand-offs): the floor this machine puts under any relay
        --baseline-config KEY=VALUE
                                   also launch the same jar with this setting changed (e.g.
                                   server.virtualThreadScheduler=jdk) and measure it in each round
                                   beside the gateway: an A/B comparison in one run
        --quick                    a smoke run: 1 round of 1 s phases, short warm-up and throughput
      """;

  private static final Set<String> FLAGS =
      Set.of(
          "--strata-jar",
          "--gateway-url",
          "--api-key",
          "--mock-port",
          "--rate",
          "--duration",
          "--rounds",
          "--warmup",
          "--concurrency",
          "--throughput-duration",
          "--upstream-latency-ms",
          "--chunks",
          "--chunk-delay-ms",
          "--model",
          "--startup-timeout",
          "--request-timeout",
          "--out",
          FloorRelay.Threads.FLAG,
          "--baseline-config");

  public BenchmarkOptions {
    requireNonNull(duration, "duration");
    requireNonNull(warmup, "warmup");
    requireNonNull(throughputDuration, "throughputDuration");
    requireNonNull(upstreamLatency, "upstreamLatency");
    requireNonNull(chunkDelay, "chunkDelay");
    requireNonNull(model, "model");
    requireNonNull(gatewayUrl, "gatewayUrl");
    requireNonNull(apiKey, "apiKey");
    requireNonNull(strataJar, "strataJar");
    requireNonNull(out, "out");
    requireNonNull(startupTimeout, "startupTimeout");
    requireNonNull(requestTimeout, "requestTimeout");
    requireNonNull(floorRelay, "floorRelay");
    requireNonNull(baseline, "baseline");
    if (gatewayUrl.isPresent() == strataJar.isPresent()) {
      throw new IllegalArgumentException(
          "give either --strata-jar or --gateway-url, not both or neither");
    }
    if (gatewayUrl.isPresent() && apiKey.isEmpty()) {
      throw new IllegalArgumentException("--gateway-url needs --api-key");
    }
    if (baseline.isPresent() && strataJar.isEmpty()) {
      throw new IllegalArgumentException(
          "--baseline-config launches the jar a second time: it needs --strata-jar");
    }
    positive("--rate", rate);
    atMost("--rate", rate, MAX_RATE);
    atMost("--concurrency", concurrency, MAX_CONCURRENCY);
    positive("--rounds", rounds);
    positive("--concurrency", concurrency);
    positive("--chunks", chunks);
    positive("--duration", duration.toMillis());
    positive("--throughput-duration", throughputDuration.toMillis());
    positive("--startup-timeout", startupTimeout.toSeconds());
    positive("--request-timeout", requestTimeout.toMillis());
    if (warmup.isNegative() || upstreamLatency.isNegative() || chunkDelay.isNegative()) {
      throw new IllegalArgumentException(
          "--warmup, --upstream-latency-ms and --chunk-delay-ms cannot be negative");
    }
    if (mockPort < 0 || mockPort > 65_535) {
      throw new IllegalArgumentException(
          "--mock-port must be between 0 and 65535, was " + mockPort);
    }
  }

  /** Reads flags; {@code --quick} changes the defaults, and explicit flags still win. */
  public static BenchmarkOptions parse(String... args) {
    List<String> list = List.of(args);
    boolean quick = list.contains("--quick");
    var flags = new Flags(list.stream().filter(arg -> !arg.equals("--quick")).toList(), FLAGS);
    return new BenchmarkOptions(
        flags.integer("--rate", 1000),
        flags.seconds("--duration", quick ? 1 : 20),
        flags.integer("--rounds", quick ? 1 : 3),
        flags.seconds("--warmup", quick ? 0.5 : 5),
        flags.integer("--concurrency", 64),
        flags.seconds("--throughput-duration", quick ? 0.5 : 10),
        Duration.ofMillis(flags.integer("--upstream-latency-ms", 20)),
        flags.integer("--chunks", 16),
        Duration.ofMillis(flags.integer("--chunk-delay-ms", 1)),
        flags.integer("--mock-port", 0),
        flags.text("--model").orElse("bench-model"),
        flags.text("--gateway-url").map(URI::create),
        flags.text("--api-key"),
        flags.text("--strata-jar").map(Path::of),
        flags.text("--out").map(Path::of),
        flags.seconds("--startup-timeout", 60),
        flags.seconds("--request-timeout", 10),
        FloorRelay.Threads.option(flags),
        baseline(flags));
  }

  private static Optional<ConfigOverride> baseline(Flags flags) {
    try {
      return flags.text("--baseline-config").map(ConfigOverride::parse);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--baseline-config: " + e.getMessage(), e);
    }
  }

  private static void atMost(String flag, long value, long limit) {
    if (value > limit) {
      throw new IllegalArgumentException(flag + " must be at most " + limit + ", was " + value);
    }
  }

  private static void positive(String flag, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(flag + " must be positive, was " + value);
    }
  }
}
