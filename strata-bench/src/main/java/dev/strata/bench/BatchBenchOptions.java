package dev.strata.bench;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Settings of {@link BatchThroughputBenchmark}; {@link #parse} reads them from flags (see {@link
 * #USAGE}).
 *
 * @param concurrencies the {@code batch.concurrency} values swept, each with a fresh gateway
 * @param records the fewest records in a batch; a level gets more, up to a batch's limit, when
 *     needed to outlast its interactive phase (see {@link #recordsFor})
 * @param rate interactive chat completions per second (open loop)
 * @param duration length of each interactive phase, before and during the batch
 * @param warmup discarded interactive load on each fresh gateway before the baseline
 * @param rounds runs per concurrency, each on a fresh gateway; medians are reported
 * @param upstreamLatency the mock's delay before every answer
 * @param idlePoll the gateway's {@code batch.idlePoll}
 * @param poll how often the benchmark reads the batch's progress
 * @param batchTimeout the longest one batch may take before the run is abandoned
 */
public record BatchBenchOptions(
    List<Integer> concurrencies,
    int records,
    int rate,
    Duration duration,
    Duration warmup,
    int rounds,
    Duration upstreamLatency,
    Duration idlePoll,
    Duration poll,
    int mockPort,
    String model,
    Path strataJar,
    Optional<Path> out,
    Duration startupTimeout,
    Duration requestTimeout,
    Duration batchTimeout) {

  /** The most records a level may need: OpenAI's (and Strata's default) limit per batch. */
  static final int MAX_RECORDS = 50_000;

  private static final int MAX_CONCURRENCY = 4096;
  private static final int MAX_RATE = 1_000;

  public static final String USAGE =
      """
      Usage: BatchThroughputBenchmark --strata-jar PATH [options]
        --strata-jar PATH          the Strata jar, launched as a child process per level and round
        --concurrency N,N,…        batch.concurrency values swept, a fresh gateway each
                                   (default 4,16,64)
        --records N                records in each batch at least (default 2000); a level gets
                                   enough to last twice its interactive phase at the ideal rate,
                                   up to 50000
        --rate N                   interactive chat completions per second (default 10)
        --duration SECONDS         each interactive phase, baseline and beside the batch
                                   (default 20)
        --warmup SECONDS           discarded interactive load on each fresh gateway (default 5)
        --rounds N                 runs per concurrency; medians are reported (default 1)
        --upstream-latency-ms N    the mock upstream's latency per call (default 200)
        --idle-poll-ms N           the gateway's batch.idlePoll (default 100)
        --poll-ms N                how often the batch's progress is read (default 100)
        --model NAME               the model on the mock (default gpt-4o-mini)
        --mock-port N              port of the mock upstream (default 0: a free port)
        --startup-timeout SECONDS  wait for a launched gateway's /health (default 60)
        --request-timeout SECONDS  an interactive request taking longer is an error (default 30)
        --batch-timeout SECONDS    the longest one batch may take (default 1800)
        --out FILE                 also write the JSON report to FILE
        --quick                    a smoke run: concurrency 4, 100 records, 2 s phases
      """;

  private static final Set<String> FLAGS =
      Set.of(
          "--strata-jar",
          "--concurrency",
          "--records",
          "--rate",
          "--duration",
          "--warmup",
          "--rounds",
          "--upstream-latency-ms",
          "--idle-poll-ms",
          "--poll-ms",
          "--model",
          "--mock-port",
          "--startup-timeout",
          "--request-timeout",
          "--batch-timeout",
          "--out");

  public BatchBenchOptions {
    concurrencies = List.copyOf(concurrencies);
    requireNonNull(duration, "duration");
    requireNonNull(warmup, "warmup");
    requireNonNull(upstreamLatency, "upstreamLatency");
    requireNonNull(idlePoll, "idlePoll");
    requireNonNull(poll, "poll");
    requireNonNull(model, "model");
    requireNonNull(strataJar, "strataJar");
    requireNonNull(out, "out");
    requireNonNull(startupTimeout, "startupTimeout");
    requireNonNull(requestTimeout, "requestTimeout");
    requireNonNull(batchTimeout, "batchTimeout");
    if (concurrencies.isEmpty()) {
      throw new IllegalArgumentException("--concurrency needs at least one value");
    }
    for (int concurrency : concurrencies) {
      between("--concurrency", concurrency, 1, MAX_CONCURRENCY);
    }
    if (Set.copyOf(concurrencies).size() != concurrencies.size()) {
      throw new IllegalArgumentException("--concurrency lists a value twice: " + concurrencies);
    }
    between("--records", records, 1, MAX_RECORDS);
    between("--rate", rate, 1, MAX_RATE);
    between("--rounds", rounds, 1, 100);
    between("--mock-port", mockPort, 0, 65_535);
    if (duration.toNanos() * rate < 1_000_000_000L) {
      throw new IllegalArgumentException(
          "--duration × --rate must send at least one interactive request");
    }
    if (upstreamLatency.isZero() || upstreamLatency.isNegative()) {
      throw new IllegalArgumentException(
          "--upstream-latency-ms must be positive: the ideal rate is concurrency / latency");
    }
    if (warmup.isNegative()) {
      throw new IllegalArgumentException("--warmup cannot be negative");
    }
    if (idlePoll.toMillis() < 1 || poll.toMillis() < 1) {
      throw new IllegalArgumentException("--idle-poll-ms and --poll-ms must be positive");
    }
    if (startupTimeout.toSeconds() < 1
        || requestTimeout.toMillis() < 1
        || batchTimeout.toSeconds() < 1) {
      throw new IllegalArgumentException(
          "--startup-timeout, --request-timeout and --batch-timeout must be positive");
    }
    if (model.isBlank() || model.contains("/") || model.contains("\"")) {
      throw new IllegalArgumentException("--model needs a name without '/' or '\"'");
    }
  }

  /** Reads flags; {@code --quick} changes the defaults, and explicit flags still win. */
  public static BatchBenchOptions parse(String... args) {
    List<String> list = List.of(args);
    boolean quick = list.contains("--quick");
    var flags = new Flags(list.stream().filter(arg -> !arg.equals("--quick")).toList(), FLAGS);
    return new BatchBenchOptions(
        flags.text("--concurrency").map(BatchBenchOptions::integers)
            .orElse(quick ? List.of(4) : List.of(4, 16, 64)),
        flags.integer("--records", quick ? 100 : 2000),
        flags.integer("--rate", 10),
        flags.seconds("--duration", quick ? 2 : 20),
        flags.seconds("--warmup", quick ? 1 : 5),
        flags.integer("--rounds", 1),
        Duration.ofMillis(flags.integer("--upstream-latency-ms", 200)),
        Duration.ofMillis(flags.integer("--idle-poll-ms", 100)),
        Duration.ofMillis(flags.integer("--poll-ms", 100)),
        flags.integer("--mock-port", 0),
        flags.text("--model").orElse("gpt-4o-mini"),
        flags.text("--strata-jar").map(Path::of)
            .orElseThrow(() -> new IllegalArgumentException("--strata-jar is required")),
        flags.text("--out").map(Path::of),
        flags.seconds("--startup-timeout", 60),
        flags.seconds("--request-timeout", 30),
        flags.seconds("--batch-timeout", 1800));
  }

  /** The rate a batch would reach if each record took exactly the upstream's latency. */
  double idealRecordsPerSecond(int concurrency) {
    return concurrency * 1e9 / upstreamLatency.toNanos();
  }

  /**
   * Records in a level's batch: {@link #records}, or more to last twice the interactive phase at
   * the ideal rate, but no more than a batch holds.
   */
  int recordsFor(int concurrency) {
    long lasting =
        (long) Math.ceil(2.0 * concurrency * duration.toNanos() / upstreamLatency.toNanos());
    return (int) Math.min(MAX_RECORDS, Math.max(records, lasting));
  }

  private static List<Integer> integers(String text) {
    List<Integer> values = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      try {
        values.add(Integer.parseInt(part.strip()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "--concurrency takes whole numbers separated by commas, was " + text, e);
      }
    }
    return values;
  }

  private static void between(String flag, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          flag + " must be between " + min + " and " + max + ", was " + value);
    }
  }
}
