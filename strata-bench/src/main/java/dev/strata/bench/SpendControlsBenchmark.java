package dev.strata.bench;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.strata.core.auth.Principal;
import dev.strata.core.budget.Budget;
import dev.strata.core.budget.BudgetStatus;
import dev.strata.core.json.JsonMappers;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What budgets and rate limits add to a request: the real request path — {@code Settle → Meter →
 * Route → Invoke} with a provider that answers in process at once — timed per request against the
 * same path with {@code ReserveBudget → Admit} inserted, over 20 budgets and 5 rate limits that
 * cover every request and never refuse. Both run in a closed loop on 1 and more threads, in
 * interleaved rounds whose medians are reported; then each part of the checks' work (each step on
 * its own, budget reservation and settlement, rate-limit admission and settlement, and the exact
 * token count a step falls back to near a limit) is timed on its own. Prints a summary to stderr and the JSON report to stdout.
 */
public final class SpendControlsBenchmark {
  private final SpendControlsOptions options;
  private final PrintStream progress;

  SpendControlsBenchmark(SpendControlsOptions options, PrintStream progress) {
    this.options = requireNonNull(options, "options");
    this.progress = requireNonNull(progress, "progress");
  }

  /** Runs from the command line (see {@link SpendControlsOptions#USAGE}). */
  public static void main(String[] args) throws IOException {
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
  public static int execute(PrintStream out, PrintStream err, String... args) throws IOException {
    if (List.of(args).contains("--help")) {
      out.print(SpendControlsOptions.USAGE);
      return 0;
    }
    SpendControlsOptions options;
    try {
      options = SpendControlsOptions.parse(args);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.print(SpendControlsOptions.USAGE);
      return 2;
    }
    SpendControlsReport report;
    try {
      report = new SpendControlsBenchmark(options, err).measure();
    } catch (IllegalStateException e) {
      err.println("benchmark failed: " + e.getMessage());
      return 1;
    }
    err.print(SpendControlsText.of(report));
    String json =
        JsonMappers.create().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report);
    out.println(json);
    if (options.out().isPresent()) {
      Files.writeString(options.out().get(), json + "\n");
    }
    return 0;
  }

  SpendControlsReport measure() {
    String loadAtStart = LoadAverage.now();
    try (SpendControlsFixture fixture = SpendControlsFixture.open(options.promptTokens())) {
      SpendControlsReport.StoreCalls setup = fixture.storeCalls();
      warmUp(fixture);
      List<SpendControlsReport.Level> levels = new ArrayList<>();
      for (int threads : options.threads()) {
        levels.add(measureLevel(fixture, threads));
      }
      List<SpendControlsReport.Part> parts = new ArrayList<>();
      for (int threads : options.threads()) {
        for (Part part : Part.values()) {
          var latency =
              SpendControlsReport.Percentiles.of(time(fixture, part, threads, options.phase()));
          parts.add(new SpendControlsReport.Part(part.label, threads, latency));
        }
      }
      SpendControlsReport.StoreCalls calls = fixture.storeCalls().since(setup);
      checkBalanced(fixture);
      progress.printf(
          Locale.ROOT, "%,d requests through the two paths%n", fixture.ledgerRecords());
      return new SpendControlsReport(
          config(fixture, loadAtStart, LoadAverage.now()),
          "ns",
          levels,
          parts,
          calls,
          SpendControlsReport.Target.of(levels));
    }
  }

  /** Runs both paths and every part, on one thread so the JIT compilers have the other core. */
  private void warmUp(SpendControlsFixture fixture) {
    if (options.warmup().isZero()) {
      return;
    }
    progress.println("warming up for " + options.warmup());
    Duration slice = options.warmup().multipliedBy(2).dividedBy(10);
    for (int i = 0; i < 2; i++) {
      for (Variant path : Variant.values()) {
        require(ClosedLoopTimer.run(1, slice, path.call(fixture)), "warm-up " + path.label);
      }
    }
    Duration partSlice = options.warmup().dividedBy(10 * Part.values().length);
    for (Part part : Part.values()) {
      time(fixture, part, 1, partSlice);
    }
  }

  private SpendControlsReport.Level measureLevel(SpendControlsFixture fixture, int threads) {
    List<SpendControlsReport.Round> rounds = new ArrayList<>();
    for (int r = 0; r < options.rounds(); r++) {
      Map<Variant, SpendControlsReport.Percentiles> measured = new EnumMap<>(Variant.class);
      for (Variant path : Variant.inRound(r)) {
        ClosedLoopTimer.Result result =
            ClosedLoopTimer.run(threads, options.phase(), path.call(fixture));
        require(result, path.label);
        measured.put(path, SpendControlsReport.Percentiles.of(result.nanos()));
      }
      var round =
          new SpendControlsReport.Round(
              measured.get(Variant.WITHOUT), measured.get(Variant.WITH), LoadAverage.now());
      progress.printf(
          Locale.ROOT,
          "%d thread%s, round %d: p50/p99 without %s/%s µs, with %s/%s µs (load %s)%n",
          threads,
          threads == 1 ? "" : "s",
          r + 1,
          SpendControlsText.micros(round.without().p50()),
          SpendControlsText.micros(round.without().p99()),
          SpendControlsText.micros(round.with().p50()),
          SpendControlsText.micros(round.with().p99()),
          round.loadAverage());
      rounds.add(round);
    }
    return SpendControlsReport.Level.of(threads, rounds);
  }

  private org.HdrHistogram.Histogram time(
      SpendControlsFixture fixture, Part part, int threads, Duration duration) {
    ClosedLoopTimer.Call call =
        switch (part) {
          case TIMER -> (thread, i) -> {};
          case TOKENS_O200K ->
              (thread, i) -> fixture.estimateTokens(i, SpendControlsScenario.MODEL);
          case TOKENS_CL100K ->
              (thread, i) -> fixture.estimateTokens(i, SpendControlsScenario.OTHER_MODEL);
          case RESERVE_STEP -> fixture::reserveBudgetAlone;
          case BUDGETS -> fixture::reserveAndSettle;
          case ADMIT_STEP -> fixture::admitAlone;
          case RATE_LIMITS -> fixture::admitAndSettle;
        };
    ClosedLoopTimer.Result result = ClosedLoopTimer.run(threads, duration, call);
    require(result, part.label);
    return result.nanos();
  }

  /** Every reservation settled, and no request refused: the controls were checked, not hit. */
  private static void checkBalanced(SpendControlsFixture fixture) {
    for (BudgetStatus status : fixture.budgets().statuses()) {
      if (!status.reserved().isZero()) {
        throw new IllegalStateException(
            "budget " + status.budget().id() + " still holds " + status.reserved().toUsdString());
      }
    }
  }

  private static void require(ClosedLoopTimer.Result result, String what) {
    if (result.failures() > 0) {
      throw new IllegalStateException(
          what + ": " + result.failures() + " calls failed, the first with "
              + result.firstFailure());
    }
  }

  private SpendControlsReport.Config config(
      SpendControlsFixture fixture, String loadAtStart, String loadAtEnd) {
    List<Budget> budgets = SpendControlsScenario.budgets();
    List<String> models = List.of(SpendControlsScenario.MODEL);
    int fewest = Integer.MAX_VALUE;
    int most = 0;
    for (Principal principal : SpendControlsScenario.principals()) {
      int covering =
          (int) budgets.stream().filter(b -> b.scope().covers(principal, models)).count();
      fewest = Math.min(fewest, covering);
      most = Math.max(most, covering);
    }
    return new SpendControlsReport.Config(
        options.threads(),
        options.rounds(),
        options.phase().toMillis() / 1000.0,
        options.warmup().toMillis() / 1000.0,
        fixture.meanPromptTokens(),
        fixture.meanPromptChars(),
        fixture.meanPromptBytes(),
        SpendControlsFixture.MAX_TOKENS,
        budgets.size(),
        List.of(fewest, most),
        SpendControlsScenario.rateLimits().size(),
        machine(),
        loadAtStart,
        loadAtEnd);
  }

  private static String machine() {
    Runtime runtime = Runtime.getRuntime();
    String collectors =
        ManagementFactory.getGarbageCollectorMXBeans().stream()
            .map(GarbageCollectorMXBean::getName)
            .collect(Collectors.joining(", "));
    return String.format(
        Locale.ROOT,
        "%d cores, %s %s, Java %s, heap ≤ %d MB, GC %s",
        runtime.availableProcessors(),
        System.getProperty("os.name"),
        System.getProperty("os.arch"),
        System.getProperty("java.version"),
        runtime.maxMemory() >> 20,
        collectors);
  }

  /** The two request paths compared in each round. */
  private enum Variant {
    WITHOUT("the path without controls"),
    WITH("the path with ReserveBudget → Admit");

    final String label;

    Variant(String label) {
      this.label = label;
    }

    ClosedLoopTimer.Call call(SpendControlsFixture fixture) {
      return switch (this) {
        case WITHOUT -> fixture::runWithout;
        case WITH -> fixture::runWith;
      };
    }

    /** The order of round {@code r}: rotated, so no path always follows the same one. */
    static List<Variant> inRound(int r) {
      List<Variant> order = new ArrayList<>(List.of(values()));
      Collections.rotate(order, r);
      return order;
    }
  }

  /** The separately timed parts of the checks' work. */
  private enum Part {
    TIMER("timer alone (two System.nanoTime calls)"),
    RESERVE_STEP("ReserveBudget alone: UTF-8 bound, worst case, reserve, release"),
    BUDGETS("budgets: worst case, reserve in 20, settle"),
    ADMIT_STEP("Admit alone: chars/4 estimate, admit, settle"),
    RATE_LIMITS("rate limits: admit in 5 limits' buckets, settle"),
    TOKENS_O200K("exact count near a limit, o200k_base (" + SpendControlsScenario.MODEL + ")"),
    TOKENS_CL100K("exact count near a limit, cl100k_base (other models)");

    final String label;

    Part(String label) {
      this.label = label;
    }
  }
}
