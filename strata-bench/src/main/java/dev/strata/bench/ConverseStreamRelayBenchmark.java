package dev.strata.bench;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.strata.bench.ConverseStreamRelayReport.RoundTimings;
import dev.strata.bench.load.LatencySummary;
import dev.strata.bench.mock.bedrock.BedrockMockSettings;
import dev.strata.bench.mock.bedrock.MockBedrockRuntime;
import dev.strata.core.json.JsonMappers;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Measures what relaying a Bedrock ConverseStream through Strata adds to the time to first byte:
 * a zero-latency mock Bedrock runtime is called directly and through Strata's {@code
 * /model/{id}/converse-stream} (its {@code bedrock} provider pointed at the mock), request by
 * request in turn, after a closed-loop warm-up, over several rounds whose medians are reported.
 * Prints a JSON report; progress and a readable summary go to stderr.
 */
public final class ConverseStreamRelayBenchmark {

  private static final String MOCK_TEXT_WORDS = "Strata relays this answer chunk by chunk. ";
  private static final int CHARS_PER_DELTA = 8;
  /** Events around the text deltas: messageStart, contentBlockStop, messageStop, metadata. */
  private static final int FRAMING_EVENTS = 4;
  private static final int MAX_CONNECTIONS = 64;
  private static final long SLACK_SECONDS = 30;

  private final ConverseStreamRelayOptions options;
  private final PrintStream progress;

  ConverseStreamRelayBenchmark(ConverseStreamRelayOptions options, PrintStream progress) {
    this.options = requireNonNull(options, "options");
    this.progress = requireNonNull(progress, "progress");
  }

  /** Runs from the command line (see {@link ConverseStreamRelayOptions#USAGE}). */
  public static void main(String[] args) throws IOException, InterruptedException {
    int status = execute(System.out, System.err, args);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Reads the flags, runs the benchmark and prints the JSON report to {@code out} (and to {@code
   * --out}); progress, the readable summary and errors go to {@code err}.
   *
   * @return 0 when the report was printed, 1 when the benchmark failed, 2 for bad flags
   */
  public static int execute(PrintStream out, PrintStream err, String... args)
      throws IOException, InterruptedException {
    if (List.of(args).contains("--help")) {
      out.print(ConverseStreamRelayOptions.USAGE);
      return 0;
    }
    ConverseStreamRelayOptions options;
    try {
      options = ConverseStreamRelayOptions.parse(args);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.print(ConverseStreamRelayOptions.USAGE);
      return 2;
    }
    ConverseStreamRelayReport report;
    try {
      report = new ConverseStreamRelayBenchmark(options, err).measure();
    } catch (IllegalStateException | IllegalArgumentException e) {
      err.println("benchmark failed: " + e.getMessage());
      return 1;
    }
    err.print(ConverseStreamRelayText.of(report));
    String json =
        JsonMappers.create().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report);
    out.println(json);
    if (options.out().isPresent()) {
      Files.writeString(options.out().get(), json + "\n");
    }
    return 0;
  }

  ConverseStreamRelayReport measure() throws IOException, InterruptedException {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    try (var mock = MockBedrockRuntime.start(mockSettings(), options.mockPort());
        var gateway = openGateway(mock);
        var floor =
            FloorRelayProcess.launchIfAsked(
                options.floorRelay(),
                URI.create(mock.baseUrl()),
                options.startupTimeout(),
                progress)) {
      HttpClientAgent client =
          vertx.createHttpClient(
              new HttpClientOptions().setKeepAlive(true),
              new PoolOptions()
                  .setHttp1MaxSize(MAX_CONNECTIONS)
                  .setMaxWaitQueueSize(InterleavedRun.MAX_IN_FLIGHT));
      Context context = vertx.getOrCreateContext();
      var targets =
          ConverseStreamTargets.of(
              mock.baseUrl(),
              options.upstreamModel(),
              gateway.baseUri(),
              options.model(),
              gateway.apiKey());
      // The relay passes the path on as it is, so it is called with the upstream's model id.
      Optional<ConverseStreamTargets> floorTargets =
          Optional.ofNullable(floor)
              .map(
                  relay ->
                      ConverseStreamTargets.of(
                          mock.baseUrl(),
                          options.upstreamModel(),
                          relay.baseUri(),
                          options.upstreamModel(),
                          relay.apiKey()));
      progress.println(
          "mock Bedrock runtime at " + mock.baseUrl() + ", Strata at " + gateway.baseUri()
              + (floor == null ? "" : ", floor relay at " + floor.baseUri()));
      checkBothAnswer(context, client, targets);
      if (floorTargets.isPresent()) {
        checkBothAnswer(context, client, floorTargets.get());
      }
      long warmupRequests = 0;
      long warmupErrors = 0;
      if (!options.warmup().isZero()) {
        progress.printf(
            "warming up for %s, %d requests in flight per target%n",
            options.warmup(), options.warmupConcurrency());
        List<StreamTimings.Result> warm = warmUp(context, client, targets);
        warmupRequests =
            warm.get(0).firstByte().getTotalCount() + warm.get(1).firstByte().getTotalCount();
        warmupErrors = warm.get(0).errors() + warm.get(1).errors();
        progress.printf("warm-up: %d requests answered%n", warmupRequests);
        if (warmupErrors > 0) {
          progress.printf(
              "warm-up errors: direct %s, via Strata %s%n",
              warm.get(0).errorsByCause(), warm.get(1).errorsByCause());
        }
        if (floorTargets.isPresent()) {
          List<StreamTimings.Result> warmFloor = warmUp(context, client, floorTargets.get());
          progress.printf(
              "floor relay warm-up: %d requests answered, %d errors%n",
              warmFloor.get(1).firstByte().getTotalCount(), warmFloor.get(1).errors());
        }
      }
      String loadBefore = LoadAverage.now();
      List<RoundTimings> rounds = new ArrayList<>();
      List<RoundTimings> floorRounds = new ArrayList<>();
      for (int round = 0; round < options.rounds(); round++) {
        boolean viaStrataFirst = round % 2 == 1;
        // The floor relay's round comes right before or after Strata's, alternately.
        if (floorTargets.isPresent() && viaStrataFirst) {
          floorRounds.add(measureRound(context, client, floorTargets.get(), viaStrataFirst));
          progress.print(roundLine(round + 1, floorRounds.getLast(), "via the floor relay"));
        }
        rounds.add(measureRound(context, client, targets, viaStrataFirst));
        progress.print(roundLine(round + 1, rounds.getLast(), "via Strata"));
        if (floorTargets.isPresent() && !viaStrataFirst) {
          floorRounds.add(measureRound(context, client, floorTargets.get(), viaStrataFirst));
          progress.print(roundLine(round + 1, floorRounds.getLast(), "via the floor relay"));
        }
      }
      var report =
          ConverseStreamRelayReport.of(
              config(gateway, warmupRequests, warmupErrors, loadBefore, LoadAverage.now()),
              rounds);
      return options.floorRelay().isPresent()
          ? report.withFloor(options.floorRelay().get(), floorRounds)
          : report;
    } finally {
      close(vertx);
    }
  }

  private RoundTimings measureRound(
      Context context,
      HttpClientAgent client,
      ConverseStreamTargets targets,
      boolean viaStrataFirst)
      throws InterruptedException {
    List<StreamTimings.Result> timings =
        run(context, client, targets, viaStrataFirst, options.rate(), options.duration());
    return new RoundTimings(viaStrataFirst, timings.get(0), timings.get(1));
  }

  /** Fails fast, with the cause, when either target does not stream a proper answer. */
  private void checkBothAnswer(
      Context context, HttpClientAgent client, ConverseStreamTargets targets)
      throws InterruptedException {
    List<StreamTimings.Result> probe =
        run(context, client, targets, false, 20, Duration.ofMillis(100));
    Map<String, Long> problems = new TreeMap<>();
    probe.get(0).errorsByCause().forEach((k, v) -> problems.put("direct: " + k, v));
    probe.get(1).errorsByCause().forEach((k, v) -> problems.put("via Strata: " + k, v));
    if (!problems.isEmpty()) {
      throw new IllegalStateException("a ConverseStream request failed: " + problems);
    }
  }

  private List<StreamTimings.Result> warmUp(
      Context context, HttpClientAgent client, ConverseStreamTargets targets)
      throws InterruptedException {
    var warmup =
        new ClosedLoopWarmup(
            context,
            client,
            targets.direct(),
            targets.viaStrata(),
            options.warmupConcurrency(),
            options.warmup(),
            options.requestTimeout());
    return await(warmup.start(), options.warmup());
  }

  private List<StreamTimings.Result> await(
      CompletableFuture<List<StreamTimings.Result>> run, Duration duration)
      throws InterruptedException {
    long bound = duration.plus(options.requestTimeout()).toSeconds() + SLACK_SECONDS;
    try {
      return run.get(bound, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("a load run did not end within " + bound + " s", e);
    }
  }

  /** One interleaved run; the result lists the direct timings first. */
  private List<StreamTimings.Result> run(
      Context context,
      HttpClientAgent client,
      ConverseStreamTargets targets,
      boolean viaStrataFirst,
      int rate,
      Duration duration)
      throws InterruptedException {
    var run =
        viaStrataFirst
            ? new InterleavedRun(
                context,
                client,
                targets.viaStrata(),
                targets.direct(),
                rate,
                duration,
                options.requestTimeout())
            : new InterleavedRun(
                context,
                client,
                targets.direct(),
                targets.viaStrata(),
                rate,
                duration,
                options.requestTimeout());
    List<StreamTimings.Result> results = await(run.start(), duration);
    return viaStrataFirst ? List.of(results.get(1), results.get(0)) : results;
  }

  private GatewayUnderTest openGateway(MockBedrockRuntime mock)
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
        port ->
            StrataConfigFile.bedrockYaml(
                port, mock.baseUrl(), options.model(), options.upstreamModel()),
        options.startupTimeout());
  }

  private ConverseStreamRelayReport.Config config(
      GatewayUnderTest gateway,
      long warmupRequests,
      long warmupErrors,
      String loadBefore,
      String loadAfter) {
    String pinned = System.getenv(ChildJvm.GATEWAY_CPUS);
    return new ConverseStreamRelayReport.Config(
        gateway.pid().isPresent()
            ? "child process " + options.strataJar().orElseThrow()
            : gateway.baseUri().toString(),
        gateway.pid().isPresent() && pinned != null && !pinned.isBlank() ? pinned.trim() : "",
        options.rate(),
        options.duration().toMillis() / 1000.0,
        options.rounds(),
        options.warmup().toMillis() / 1000.0,
        options.warmupConcurrency(),
        warmupRequests,
        warmupErrors,
        options.deltas() + FRAMING_EVENTS,
        options.model(),
        options.upstreamModel(),
        loadBefore,
        loadAfter);
  }

  private BedrockMockSettings mockSettings() {
    int length = options.deltas() * CHARS_PER_DELTA;
    String text =
        MOCK_TEXT_WORDS.repeat(length / MOCK_TEXT_WORDS.length() + 1).substring(0, length);
    return BedrockMockSettings.DEFAULTS
        .withText(text)
        .withChunkSize(CHARS_PER_DELTA)
        .withLatency(Duration.ZERO);
  }

  private static String roundLine(int round, RoundTimings timings, String via) {
    var direct = LatencySummary.of(timings.direct().firstByte());
    var relayed = LatencySummary.of(timings.viaStrata().firstByte());
    return "round %d: TTFB p50/p99 direct %d/%d us, %s %d/%d us, errors %d/%d%n"
        .formatted(
            round,
            direct.p50(),
            direct.p99(),
            via,
            relayed.p50(),
            relayed.p99(),
            timings.direct().errors(),
            timings.viaStrata().errors());
  }

  private void close(Vertx vertx) throws InterruptedException {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      progress.println("the benchmark client's Vert.x did not close: " + e);
    }
  }
}
