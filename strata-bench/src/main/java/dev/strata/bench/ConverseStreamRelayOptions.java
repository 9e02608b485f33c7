package dev.strata.bench;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Settings of {@link ConverseStreamRelayBenchmark}; {@link #parse} reads them from flags (see
 * {@link #USAGE}). Exactly one of {@code gatewayUrl} and {@code strataJar} is present.
 *
 * @param rate requests per second across both targets, which take turns request by request
 * @param warmupConcurrency requests kept in flight per target during the discarded warm-up
 * @param deltas text deltas in each streamed answer of the mock
 * @param floorRelay the threads of a relay with no logic to measure in rounds of its own, each
 *     beside one of Strata's, if asked for
 */
public record ConverseStreamRelayOptions(
    int rate,
    Duration duration,
    int rounds,
    Duration warmup,
    int warmupConcurrency,
    int deltas,
    int mockPort,
    String model,
    String upstreamModel,
    Optional<URI> gatewayUrl,
    Optional<String> apiKey,
    Optional<Path> strataJar,
    Optional<Path> out,
    Duration startupTimeout,
    Duration requestTimeout,
    Optional<FloorRelay.Threads> floorRelay) {

  private static final int MAX_RATE = 20_000;
  private static final int MAX_DELTAS = 1_000;
  private static final int MAX_WARMUP_CONCURRENCY = 64;

  public static final String USAGE =
      """
      Usage: ConverseStreamRelayBenchmark (--strata-jar PATH | --gateway-url URL --api-key KEY) [options]
        --strata-jar PATH          launch this Strata jar as a child process and measure it
        --gateway-url URL          measure a running gateway (http://127.0.0.1:PORT); configure it
                                   with a bedrock provider at http://127.0.0.1:<mock-port>
        --api-key KEY              the running gateway's API key (sent as a Bedrock bearer key)
        --mock-port N              port of the mock Bedrock runtime (default 0: a free port)
        --rate N                   requests per second, both targets alternating (default 200)
        --duration SECONDS         length of each measured round (default 30)
        --rounds N                 measured rounds; medians are reported (default 5)
        --warmup SECONDS           discarded closed-loop warm-up of both targets (default 30)
        --warmup-concurrency N     requests in flight per target during it (default 4)
        --deltas N                 text deltas in each streamed answer (default 4)
        --model NAME               model name Strata routes to the mock (default bench-converse)
        --upstream-model ID        the Bedrock model id the mock is called with
                                   (default amazon.nova-micro-v1:0)
        --startup-timeout SECONDS  wait for the launched gateway's /health (default 60)
        --request-timeout SECONDS  a request idle this long is an error (default 10)
        --out FILE                 also write the JSON report to FILE
        --floor-relay THREADS      also measure a relay with no logic, launched like the gateway,
                                   in rounds of its own beside Strata's (event-loop or
                                   virtual-threads): the floor this machine puts under any relay
        --quick                    a smoke run: 1 round of 2 s, 2 s of warm-up
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
          "--warmup-concurrency",
          "--deltas",
          "--model",
          "--upstream-model",
          "--startup-timeout",
          "--request-timeout",
          "--out",
          FloorRelay.Threads.FLAG);

  public ConverseStreamRelayOptions {
    requireNonNull(duration, "duration");
    requireNonNull(warmup, "warmup");
    requireNonNull(model, "model");
    requireNonNull(upstreamModel, "upstreamModel");
    requireNonNull(gatewayUrl, "gatewayUrl");
    requireNonNull(apiKey, "apiKey");
    requireNonNull(strataJar, "strataJar");
    requireNonNull(out, "out");
    requireNonNull(startupTimeout, "startupTimeout");
    requireNonNull(requestTimeout, "requestTimeout");
    requireNonNull(floorRelay, "floorRelay");
    if (gatewayUrl.isPresent() == strataJar.isPresent()) {
      throw new IllegalArgumentException(
          "give either --strata-jar or --gateway-url, not both or neither");
    }
    if (gatewayUrl.isPresent() && apiKey.isEmpty()) {
      throw new IllegalArgumentException("--gateway-url needs --api-key");
    }
    between("--rate", rate, 2, MAX_RATE);
    between("--warmup-concurrency", warmupConcurrency, 1, MAX_WARMUP_CONCURRENCY);
    between("--rounds", rounds, 1, 1_000);
    between("--deltas", deltas, 1, MAX_DELTAS);
    between("--mock-port", mockPort, 0, 65_535);
    if (duration.toNanos() * rate < 2_000_000_000L) {
      throw new IllegalArgumentException(
          "--duration × --rate must give each target at least one request");
    }
    if (warmup.isNegative()) {
      throw new IllegalArgumentException("--warmup cannot be negative");
    }
    if (startupTimeout.toSeconds() < 1 || requestTimeout.toMillis() < 1) {
      throw new IllegalArgumentException(
          "--startup-timeout and --request-timeout must be positive");
    }
    if (model.isBlank() || model.contains("/") || upstreamModel.isBlank()) {
      throw new IllegalArgumentException("--model and --upstream-model need a name without '/'");
    }
  }

  /** Reads flags; {@code --quick} changes the defaults, and explicit flags still win. */
  public static ConverseStreamRelayOptions parse(String... args) {
    List<String> list = List.of(args);
    boolean quick = list.contains("--quick");
    var flags = new Flags(list.stream().filter(arg -> !arg.equals("--quick")).toList(), FLAGS);
    return new ConverseStreamRelayOptions(
        flags.integer("--rate", 200),
        flags.seconds("--duration", quick ? 2 : 30),
        flags.integer("--rounds", quick ? 1 : 5),
        flags.seconds("--warmup", quick ? 2 : 30),
        flags.integer("--warmup-concurrency", 4),
        flags.integer("--deltas", 4),
        flags.integer("--mock-port", 0),
        flags.text("--model").orElse("bench-converse"),
        flags.text("--upstream-model").orElse("amazon.nova-micro-v1:0"),
        flags.text("--gateway-url").map(URI::create),
        flags.text("--api-key"),
        flags.text("--strata-jar").map(Path::of),
        flags.text("--out").map(Path::of),
        flags.seconds("--startup-timeout", 60),
        flags.seconds("--request-timeout", 10),
        FloorRelay.Threads.option(flags));
  }

  private static void between(String flag, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          flag + " must be between " + min + " and " + max + ", was " + value);
    }
  }
}
