package dev.strata.bench;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.strata.bench.load.LoadGenerator;
import dev.strata.bench.load.LoadRequest;
import dev.strata.bench.load.LoadResult;
import dev.strata.bench.mock.MockOpenAiUpstream;
import dev.strata.bench.mock.MockSettings;
import dev.strata.core.json.JsonMappers;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Measures batch throughput through the on-demand path and what a running batch does to
 * interactive latency. A mock OpenAI upstream without a batch API answers every call after a fixed
 * latency; for each swept {@code batch.concurrency}, a fresh Strata gateway is launched from its
 * jar, interactive chat completions run at a fixed rate (the baseline), then a batch is uploaded
 * and created through {@code /v1/files} and {@code /v1/batches}, and once its first record has
 * finished the same interactive load runs beside it. Progress is read every {@code --poll-ms} until
 * the batch ends. Prints a JSON report, and a summary on stderr.
 */
public final class BatchThroughputBenchmark {

  /** Connections of the closed-loop warm-up, so the JIT compiles the request path first. */
  private static final int WARMUP_CONNECTIONS = 16;

  private static final int MAX_CONNECTIONS = 256;
  private static final String INPUT_FILE_NAME = "batch-bench.jsonl";

  /** Starts the gateway of one level and round. */
  @FunctionalInterface
  interface GatewayLauncher {
    GatewayUnderTest launch(String upstreamBaseUrl, int concurrency)
        throws IOException, InterruptedException;
  }

  private final BatchBenchOptions options;
  private final PrintStream progress;
  private final GatewayLauncher launcher;

  BatchThroughputBenchmark(
      BatchBenchOptions options, PrintStream progress, GatewayLauncher launcher) {
    this.options = requireNonNull(options, "options");
    this.progress = requireNonNull(progress, "progress");
    this.launcher = requireNonNull(launcher, "launcher");
  }

  /** Runs from the command line (see {@link BatchBenchOptions#USAGE}). */
  public static void main(String[] args) throws IOException, InterruptedException {
    int status = execute(System.out, System.err, args);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Reads the flags, runs the benchmark, prints the summary to {@code err} and the JSON report to
   * {@code out} (and to {@code --out}).
   *
   * @return 0 when the report was printed, 1 when the benchmark failed, 2 for bad flags
   */
  public static int execute(PrintStream out, PrintStream err, String... args)
      throws IOException, InterruptedException {
    if (List.of(args).contains("--help")) {
      out.print(BatchBenchOptions.USAGE);
      return 0;
    }
    BatchBenchOptions options;
    try {
      options = BatchBenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.print(BatchBenchOptions.USAGE);
      return 2;
    }
    GatewayLauncher launcher =
        (upstream, concurrency) ->
            ChildProcessGateway.launch(
                options.strataJar(),
                port ->
                    BatchStrataConfig.yaml(
                        port, upstream, options.model(), concurrency, options.idlePoll()),
                options.startupTimeout());
    return execute(out, err, options, launcher, "child process " + options.strataJar());
  }

  static int execute(
      PrintStream out,
      PrintStream err,
      BatchBenchOptions options,
      GatewayLauncher launcher,
      String gateway)
      throws IOException, InterruptedException {
    BatchBenchReport report;
    try {
      report = new BatchThroughputBenchmark(options, err, launcher).measure(gateway);
    } catch (IllegalStateException | IllegalArgumentException e) {
      err.println("benchmark failed: " + e.getMessage());
      return 1;
    }
    err.print(BatchBenchText.of(report));
    String json =
        JsonMappers.create().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report);
    out.println(json);
    if (options.out().isPresent()) {
      Files.writeString(options.out().get(), json + "\n");
    }
    return 0;
  }

  BatchBenchReport measure(String gateway) throws IOException, InterruptedException {
    String loadBefore = LoadAverage.now();
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    List<BatchBenchReport.Level> levels = new ArrayList<>();
    try (var upstream = MockOpenAiUpstream.start(options.mockPort(), mockSettings());
        var load = new LoadGenerator(vertx, MAX_CONNECTIONS, options.requestTimeout())) {
      progress.println("mock upstream at " + upstream.baseUrl());
      for (int concurrency : options.concurrencies()) {
        List<BatchBenchReport.Round> rounds = new ArrayList<>();
        for (int round = 1; round <= options.rounds(); round++) {
          rounds.add(measureRound(load, upstream, concurrency, round));
        }
        levels.add(
            BatchBenchReport.Level.of(
                concurrency,
                options.recordsFor(concurrency),
                options.idealRecordsPerSecond(concurrency),
                rounds));
      }
    } finally {
      close(vertx);
    }
    return new BatchBenchReport(config(gateway, loadBefore, LoadAverage.now()), "us", levels);
  }

  private BatchBenchReport.Round measureRound(
      LoadGenerator load, MockOpenAiUpstream upstream, int concurrency, int round)
      throws IOException, InterruptedException {
    String name = "concurrency " + concurrency + ", round " + round;
    progress.println(name + ": launching a gateway");
    try (GatewayUnderTest gateway = launcher.launch(upstream.baseUrl(), concurrency);
        var api =
            new BatchApiClient(gateway.baseUri(), gateway.apiKey(), options.requestTimeout())) {
      LoadRequest chat =
          LoadRequest.postJson(
              gateway.baseUri().resolve(BatchWorkload.ENDPOINT),
              gateway.apiKey(),
              BatchWorkload.chatBody(options.model(), "interactive"));
      api.chat(BatchWorkload.chatBody(options.model(), "probe"));
      if (!options.warmup().isZero()) {
        load.closedLoop(chat, WARMUP_CONNECTIONS, options.warmup());
      }
      LoadResult baseline = load.fixedRate(chat, options.rate(), options.duration());
      progress.printf(
          Locale.ROOT,
          "%s: baseline p50/p99 %.1f/%.1f ms, %d errors%n",
          name,
          baseline.totalSummary().p50() / 1000.0,
          baseline.totalSummary().p99() / 1000.0,
          baseline.errors());
      int records = options.recordsFor(concurrency);
      byte[] input = BatchWorkload.inputFile(options.model(), records);
      Optional<Double> cpuBefore = cpuSeconds(gateway.pid());
      long uploadStart = System.nanoTime();
      String fileId = api.upload(INPUT_FILE_NAME, input);
      long createStart = System.nanoTime();
      String batchId = api.createBatch(fileId);
      progress.printf(Locale.ROOT, "%s: batch %s of %,d records created%n", name, batchId, records);
      try (var watch = BatchWatch.start(() -> api.progress(batchId), options.poll())) {
        BatchWatch.Observation first = watch.awaitFirstDone(options.batchTimeout());
        if (first.progress().done() == 0) {
          throw failed(name, first.progress(), gateway.pid());
        }
        long interactiveStart = System.nanoTime();
        LoadResult beside = load.fixedRate(chat, options.rate(), options.duration());
        long interactiveEnd = System.nanoTime();
        Duration left =
            options.batchTimeout().minusNanos(System.nanoTime() - createStart);
        BatchWatch.Observation end;
        try {
          end = watch.awaitTerminal(left.isNegative() ? Duration.ZERO : left);
        } catch (IllegalStateException e) {
          throw new IllegalStateException(
              name + ": " + e.getMessage() + "\n--- gateway log ---\n"
                  + BatchGatewayLog.tail(gateway.pid()),
              e);
        }
        Optional<Double> cpu =
            cpuSeconds(gateway.pid()).flatMap(after -> cpuBefore.map(before -> after - before));
        var timeline =
            new BatchTimeline(
                uploadStart, createStart, interactiveStart, interactiveEnd, watch.observations());
        BatchBenchReport.Batch batch =
            timeline.batch(options.idealRecordsPerSecond(concurrency), cpu);
        if (end.progress().done() == 0) {
          throw failed(name, end.progress(), gateway.pid());
        }
        var measured =
            BatchBenchReport.Round.of(
                batch,
                BatchBenchReport.Interactive.of(baseline),
                BatchBenchReport.Interactive.of(beside),
                LoadAverage.now());
        progress.print(roundLine(name, measured));
        return measured;
      }
    }
  }

  private static IllegalStateException failed(
      String name, BatchProgress batch, OptionalLong pid) {
    return new IllegalStateException(
        name + ": the batch ended " + batch.status() + " without running a record"
            + (batch.firstError().isEmpty() ? "" : " (" + batch.firstError() + ")")
            + "\n--- gateway log ---\n" + BatchGatewayLog.tail(pid));
  }

  private String roundLine(String name, BatchBenchReport.Round round) {
    BatchBenchReport.Batch batch = round.batch();
    return String.format(
        Locale.ROOT,
        "%s: %s, %d/%d completed, %d failed; %s records/s (%s of ideal), %s beside interactive;"
            + " end to end %.1f s; interactive p50/p99 %.1f/%.1f ms beside the batch, %d errors;"
            + " load %s%n",
        name,
        batch.status(),
        batch.completed(),
        batch.total(),
        batch.failed(),
        BatchBenchText.figure(batch.recordsPerSecond(), "%.1f"),
        BatchBenchText.figure(batch.ratioToIdeal(), "%.2f"),
        BatchBenchText.figure(batch.recordsPerSecondBesideInteractive(), "%.1f"),
        batch.endToEndSeconds(),
        round.besideBatch().latency().p50() / 1000.0,
        round.besideBatch().latency().p99() / 1000.0,
        round.besideBatch().errors(),
        round.loadAverage());
  }

  /** The CPU time the gateway's process has used, when it is a process this machine shows. */
  private static Optional<Double> cpuSeconds(OptionalLong pid) {
    if (pid.isEmpty()) {
      return Optional.empty();
    }
    return ProcessHandle.of(pid.getAsLong())
        .flatMap(process -> process.info().totalCpuDuration())
        .map(cpu -> cpu.toNanos() / 1e9);
  }

  private MockSettings mockSettings() {
    return MockSettings.DEFAULTS
        .withLatency(options.upstreamLatency())
        .withUsage(BatchWorkload.PROMPT_TOKENS, BatchWorkload.COMPLETION_TOKENS, 0)
        .withModels(options.model())
        .withNativeBatch(false);
  }

  private BatchBenchReport.Config config(String gateway, String loadBefore, String loadAfter) {
    return new BatchBenchReport.Config(
        gateway,
        options.concurrencies(),
        options.records(),
        options.rate(),
        BatchTimeline.seconds(options.duration().toNanos()),
        BatchTimeline.seconds(options.warmup().toNanos()),
        options.rounds(),
        options.upstreamLatency().toMillis(),
        options.idlePoll().toMillis(),
        options.poll().toMillis(),
        options.model(),
        BatchWorkload.PROMPT_TOKENS,
        BatchWorkload.COMPLETION_TOKENS,
        machine(),
        loadBefore,
        loadAfter);
  }

  private static String machine() {
    Runtime runtime = Runtime.getRuntime();
    return String.format(
        Locale.ROOT,
        "%d cores, %s %s, Java %s, benchmark JVM %s",
        runtime.availableProcessors(),
        System.getProperty("os.name"),
        System.getProperty("os.arch"),
        System.getProperty("java.version"),
        ManagementFactory.getRuntimeMXBean().getVmName());
  }

  private void close(Vertx vertx) throws InterruptedException {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      progress.println("the load generator's Vert.x did not close: " + e);
    }
  }
}
