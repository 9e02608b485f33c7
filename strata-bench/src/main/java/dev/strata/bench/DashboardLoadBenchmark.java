package dev.strata.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dashboard's first load over a large ledger: seeds (or reuses) a SQLite ledger as {@link
 * LedgerScaleBenchmark} does, launches Strata from its jar on that database, creates three budgets,
 * then loads the dashboard as a browser with an empty cache would — the page, then its scripts and
 * styles in parallel, then every admin API call the page makes on load in parallel (the budgets'
 * burn-downs once the budget list is in) — and prints median and p99. The tag panel, which the page
 * loads after the rest because tag groupings read raw records, is timed apart. Usage: {@code
 * bin/strata bench dashboard [--db FILE] [--records N] [--repetitions R] [--tag-repetitions T]}.
 */
public final class DashboardLoadBenchmark {
  static final String USAGE =
      """
      usage: bench dashboard [--db FILE] [--records N] [--repetitions R] [--tag-repetitions T]
                             [--period 7d|30d|90d] [--strata-jar JAR]
        --db               SQLite ledger to load; seeded first when missing or empty
                           (default: a temporary file, seeded and deleted afterwards)
        --records          records to seed into a new ledger (default 10000000)
        --repetitions      timed first loads (default 20, after 2 warm-up loads)
        --tag-repetitions  of those, how many also time the tag panel (default 3)
        --period           the period the page shows (default 30d, the page's default)
        --strata-jar       the Strata jar to launch (bin/strata bench passes its own)
      """;
  private static final Set<String> FLAGS =
      Set.of("--db", "--records", "--repetitions", "--tag-repetitions", "--period", "--strata-jar");
  private static final Map<String, Integer> PERIODS = Map.of("7d", 7, "30d", 30, "90d", 90);
  private static final String ADMIN_KEY = "sk-strata-admin-dashboard-benchmark-0001";
  private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);
  private static final int WARM_UP = 2;
  private static final Pattern BUDGET =
      Pattern.compile(
          "\"id\":\"([^\"]+)\".*?\"scope\":\"([^\"]+)\".*?\"period\":\"([^\"]+)\".*?\"period_start\":\"([^\"]+)\"");
  private static final Pattern FIRST_TAG = Pattern.compile("\"tags\":\\{\"([^\"]+)\"");

  /** The classic script in the page's head that starts the first load's admin calls. */
  private static final String EARLY_CALLS = "/dashboard/early-calls.js";

  /** The other files the page loads after its HTML (app.js imports the other modules). */
  private static final List<String> STATIC_FILES =
      List.of(
          "/dashboard/dashboard.css",
          "/dashboard/vendor/chart.umd.min.js",
          "/dashboard/app.js",
          "/dashboard/api.js",
          "/dashboard/money.js",
          "/dashboard/panels.js",
          "/dashboard/tables.js",
          "/dashboard/favicon.svg");

  /** Budgets of the kinds a deployment has, over the synthetic keys and teams. */
  private static final List<String> BUDGETS =
      List.of(
          """
          {"id": "bench_deployment", "name": "Deployment monthly", "scope": "deployment",
           "period": "monthly", "limit_usd": "20000", "enforcement": "soft"}""",
          """
          {"id": "bench_team3", "name": "team3 monthly", "scope": "team:team3",
           "period": "monthly", "limit_usd": "1000", "enforcement": "soft"}""",
          """
          {"id": "bench_key7", "name": "key_7 weekly", "scope": "key:key_7",
           "period": "weekly", "limit_usd": "50", "enforcement": "soft"}""");

  private final URI base;
  private final String since;
  private final PrintStream out;

  private DashboardLoadBenchmark(URI base, String since, PrintStream out) {
    this.base = base;
    this.since = since;
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    System.exit(execute(System.out, System.err, args));
  }

  /** Runs the benchmark; prints the figures to {@code out}, progress to {@code err}. */
  public static int execute(PrintStream out, PrintStream err, String... args) throws Exception {
    return BenchmarkCommand.execute(
        args, USAGE, FLAGS, out, err, DashboardLoadBenchmark::settings, s -> measure(s, out, err));
  }

  /** The flags, read and checked. */
  private record Settings(
      int records,
      int repetitions,
      int tagRepetitions,
      String period,
      Path jar,
      Optional<String> db) {}

  private static Settings settings(Flags flags) {
    int records = flags.integer("--records", 10_000_000);
    int repetitions = flags.integer("--repetitions", 20);
    int tagRepetitions = flags.integer("--tag-repetitions", 3);
    String period = flags.text("--period").orElse("30d");
    Path jar =
        flags
            .text("--strata-jar")
            .map(Path::of)
            .orElseThrow(() -> new IllegalArgumentException("--strata-jar is required"));
    if (records < 1 || repetitions < 1 || tagRepetitions < 0 || !PERIODS.containsKey(period)) {
      throw new IllegalArgumentException(
          "--records and --repetitions must be positive, --tag-repetitions not negative,"
              + " --period one of 7d, 30d, 90d");
    }
    return new Settings(records, repetitions, tagRepetitions, period, jar, flags.text("--db"));
  }

  private static int measure(Settings settings, PrintStream out, PrintStream err)
      throws Exception {
    int records = settings.records();
    int repetitions = settings.repetitions();
    int tagRepetitions = settings.tagRepetitions();
    String period = settings.period();
    Path jar = settings.jar();
    boolean temporary = settings.db().isEmpty();
    Path db =
        temporary
            ? Files.createTempFile("strata-dashboard-bench", ".db")
            : Path.of(settings.db().orElseThrow());
    try {
      if (!Files.exists(db) || Files.size(db) == 0) {
        Files.deleteIfExists(db);
        Files.createFile(db);
        err.printf("seeding %,d records into %s (LedgerScaleBenchmark)%n", records, db);
        int seeded =
            LedgerScaleBenchmark.execute(
                err, err, "--db", db.toString(), "--records", String.valueOf(records), "--repetitions", "1");
        if (seeded != 0) {
          return seeded;
        }
      }
      try (ChildProcessGateway strata =
          ChildProcessGateway.launch(jar, port -> config(port, db), STARTUP_TIMEOUT)) {
        Instant midnight = Instant.now().truncatedTo(ChronoUnit.DAYS);
        String since = midnight.minus(Duration.ofDays(PERIODS.get(period))).toString();
        new DashboardLoadBenchmark(strata.baseUri(), since, out).run(db, period, repetitions, tagRepetitions);
      }
    } finally {
      if (temporary) {
        for (String suffix : List.of("", "-wal", "-shm")) {
          Files.deleteIfExists(Path.of(db + suffix));
        }
      }
    }
    return 0;
  }

  private static String config(int port, Path db) {
    return """
        server:
          host: 127.0.0.1
          port: %d
        admin:
          key: %s
        store:
          url: "jdbc:sqlite:%s"
        local:
          enabled: false
        """
        .formatted(port, ADMIN_KEY, db.toAbsolutePath());
  }

  private void run(Path db, String period, int repetitions, int tagRepetitions) throws IOException {
    HttpClient setup = client();
    for (String budget : BUDGETS) {
      HttpResponse<String> created = send(setup, post("/admin/budgets", budget)).join();
      if (created.statusCode() != 201 && !created.body().contains("budget_exists")) {
        throw new IllegalStateException("creating a budget failed: " + created.body());
      }
    }
    out.printf(
        "dashboard-load: %s (%,d MB), period %s (since %s), %d budgets%n",
        db, Files.size(db) >> 20, period, since, BUDGETS.size());
    out.printf("machine: %d cores, %s %s, Java %s, load average %s%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
        System.getProperty("os.arch"), System.getProperty("java.version"), LoadAverage.now());
    for (int i = 0; i < WARM_UP; i++) {
      firstLoad(false);
    }
    long[] loads = new long[repetitions];
    List<Long> tags = new ArrayList<>();
    Map<String, List<Long>> calls = new LinkedHashMap<>();
    for (int i = 0; i < repetitions; i++) {
      Load load = firstLoad(i < tagRepetitions);
      loads[i] = load.firstLoadNanos();
      load.tagNanos().ifPresent(tags::add);
      load.calls().forEach((name, nanos) -> calls.computeIfAbsent(name, n -> new ArrayList<>()).add(nanos));
    }
    print("first load (every panel but the tag panel)", loads);
    if (!tags.isEmpty()) {
      print("tag panel, after the first load", tags.stream().mapToLong(Long::longValue).toArray());
    }
    out.println("each call of the first load (median, its own latency while the others ran):");
    calls.forEach(
        (name, nanos) ->
            out.printf("  %-44s %8.1f ms%n", name, median(nanos.stream().mapToLong(Long::longValue).toArray()) / 1e6));
  }

  private void print(String name, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    out.printf(
        "%-44s median %7.1f ms  p99 %7.1f ms  max %7.1f ms  (%d loads)%n",
        name,
        median(sorted) / 1e6,
        sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.99) - 1)] / 1e6,
        sorted[sorted.length - 1] / 1e6,
        sorted.length);
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  /** What one first load took: all panels but the tag one, the tag panel, and each call. */
  private record Load(long firstLoadNanos, OptionalLong tagNanos, Map<String, Long> calls) {}

  /**
   * Loads the dashboard as the page does (see early-calls.js and app.js): HTML; then early-calls.js;
   * then, while the other files load, the budgets, keys, the latest requests, costs by day and
   * model, costs by key, team and model, and the savings view; each budget's burn-down as soon as
   * the budgets are in.
   */
  private Load firstLoad(boolean withTag) {
    HttpClient browser = client();
    Map<String, Long> calls = new LinkedHashMap<>();
    long start = System.nanoTime();
    expectOk(timed(browser, get("/"), "page", calls, start).join());
    expectOk(timed(browser, get(EARLY_CALLS), EARLY_CALLS, calls, System.nanoTime()).join());
    List<CompletableFuture<HttpResponse<String>>> files = new ArrayList<>();
    for (String file : STATIC_FILES) {
      files.add(timed(browser, get(file), file, calls, System.nanoTime()));
    }
    long apiStart = System.nanoTime();
    CompletableFuture<List<HttpResponse<String>>> burnDowns =
        timed(browser, get("/admin/budgets"), "GET /admin/budgets", calls, apiStart)
            .thenCompose(budgets -> burnDowns(browser, expectOk(budgets).body(), calls));
    Map<String, CompletableFuture<HttpResponse<String>>> api = new LinkedHashMap<>();
    api.put("keys", timed(browser, get("/admin/keys"), "GET /admin/keys", calls, apiStart));
    api.put("requests", timed(browser, get("/admin/requests?limit=25"), "GET /admin/requests?limit=25", calls, apiStart));
    for (String by : List.of("day,model", "key,team,model")) {
      api.put(by, timed(browser, costs("by=" + by), "GET /admin/costs by=" + by, calls, apiStart));
    }
    api.put("savings", timed(browser, get("/admin/costs/savings?since=" + encode(since)), "GET /admin/costs/savings", calls, apiStart));
    files.forEach(file -> expectOk(file.join()));
    api.values().forEach(call -> expectOk(call.join()));
    burnDowns.join().forEach(DashboardLoadBenchmark::expectOk);
    long firstLoad = System.nanoTime() - start;
    OptionalLong tag = OptionalLong.empty();
    if (withTag) {
      Matcher name = FIRST_TAG.matcher(api.get("requests").join().body());
      if (name.find()) {
        long tagStart = System.nanoTime();
        expectOk(send(browser, costs("by=" + encode("tag:" + name.group(1)))).join());
        tag = OptionalLong.of(System.nanoTime() - tagStart);
      }
    }
    browser.close();
    return new Load(firstLoad, tag, calls);
  }

  /** Each budget's burn-down query, as the page builds it from the budget's scope and period. */
  private CompletableFuture<List<HttpResponse<String>>> burnDowns(
      HttpClient browser, String budgets, Map<String, Long> calls) {
    List<CompletableFuture<HttpResponse<String>>> queries = new ArrayList<>();
    long start = System.nanoTime();
    Matcher budget = BUDGET.matcher(budgets);
    while (budget.find()) {
      String scope = budget.group(2);
      String bucket = budget.group(3).equals("daily") ? "hour" : "day";
      String filter =
          scope.equals("deployment") ? "" : "&" + scope.substring(0, scope.indexOf(':')) + "=" + encode(scope.substring(scope.indexOf(':') + 1));
      String query = "/admin/costs?since=" + encode(budget.group(4)) + "&by=" + bucket + filter;
      queries.add(timed(browser, get(query), "burn-down " + scope, calls, start));
    }
    return CompletableFuture.allOf(queries.toArray(CompletableFuture[]::new))
        .thenApply(done -> queries.stream().map(CompletableFuture::join).toList());
  }

  private CompletableFuture<HttpResponse<String>> timed(
      HttpClient client, HttpRequest request, String name, Map<String, Long> calls, long start) {
    return send(client, request)
        .thenApply(
            response -> {
              synchronized (calls) {
                calls.put(name, System.nanoTime() - start);
              }
              return response;
            });
  }

  private static CompletableFuture<HttpResponse<String>> send(HttpClient client, HttpRequest request) {
    return client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest costs(String by) {
    return get("/admin/costs?since=" + encode(since) + "&" + by);
  }

  private HttpRequest get(String path) {
    return HttpRequest.newBuilder(base.resolve(path))
        .timeout(CALL_TIMEOUT)
        .header("Authorization", "Bearer " + ADMIN_KEY)
        .header("Accept-Encoding", "gzip")
        .GET()
        .build();
  }

  private HttpRequest post(String path, String json) {
    return HttpRequest.newBuilder(base.resolve(path))
        .timeout(CALL_TIMEOUT)
        .header("Authorization", "Bearer " + ADMIN_KEY)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
  }

  /** A fresh client per load: new connections, HTTP/1.1 as browsers speak it without TLS. */
  private static HttpClient client() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  private static HttpResponse<String> expectOk(HttpResponse<String> response) {
    if (response.statusCode() != 200) {
      throw new CompletionException(
          new IllegalStateException(response.request().uri() + " answered " + response.statusCode() + ": " + response.body()));
    }
    return response;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
