package dev.strata.bench;

import dev.strata.core.auth.Principal;
import dev.strata.core.ledger.CostDimension;
import dev.strata.core.ledger.CostExplorerQuery;
import dev.strata.core.ledger.CostReport;
import dev.strata.core.ledger.RequestIds;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.ledger.UsageSource;
import dev.strata.core.model.Usage;
import dev.strata.core.money.Money;
import dev.strata.core.money.Tier;
import dev.strata.core.money.TokenPrice;
import dev.strata.store.Database;
import dev.strata.store.LedgerOptions;
import dev.strata.store.SqlLedger;
import dev.strata.store.SqlLedgerReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The ledger at scale: seeds a fresh SQLite ledger with synthetic records through the production
 * writer ({@link SqlLedger}: batched inserts plus hourly and daily rollups in the same
 * transaction), then times cost-explorer queries over the last 30 days and prints median and p99.
 * Usage: {@code bin/strata bench ledger [--records N] [--days D] [--repetitions R] [--db FILE]}.
 */
public final class LedgerScaleBenchmark {
  static final String USAGE =
      """
      usage: bench ledger [--records N] [--days D] [--repetitions R] [--db FILE]
        --records      synthetic usage records to seed (default 10000000)
        --days         days the records span, ending now (default 35)
        --repetitions  timed runs of each query (default 50, after 5 warm-up runs)
        --db           SQLite file to create and keep; an existing file is queried, not reseeded
                       (default: a temporary file, deleted afterwards)
      """;
  private static final Set<String> FLAGS = Set.of("--records", "--days", "--repetitions", "--db");
  private static final String[] MODELS = {
    "gpt-4o", "gpt-4o-mini", "o3-mini", "claude-sonnet", "claude-haiku", "claude-opus",
    "nova-pro", "nova-lite", "llama-70b", "llama-8b", "mistral-large", "local-small"
  };
  private static final String[] PROVIDERS = {
    "openai", "openai", "openai", "anthropic", "anthropic", "anthropic",
    "bedrock", "bedrock", "together", "together", "mistral", "local"
  };
  private static final int KEYS = 200;

  private final int records;
  private final int days;
  private final int repetitions;
  private final PrintStream log;

  private LedgerScaleBenchmark(int records, int days, int repetitions, PrintStream log) {
    this.records = records;
    this.days = days;
    this.repetitions = repetitions;
    this.log = log;
  }

  public static void main(String[] args) throws IOException {
    System.exit(execute(System.out, System.err, args));
  }

  /** Runs the benchmark; prints the figures to {@code out}, progress to {@code err}. */
  public static int execute(PrintStream out, PrintStream err, String... args) throws IOException {
    return BenchmarkCommand.execute(
        args, USAGE, FLAGS, out, err, LedgerScaleBenchmark::settings, s -> measure(s, out, err));
  }

  /** The flags, read and checked. */
  private record Settings(int records, int days, int repetitions, Optional<String> db) {}

  private static Settings settings(Flags flags) {
    int records = flags.integer("--records", 10_000_000);
    int days = flags.integer("--days", 35);
    int repetitions = flags.integer("--repetitions", 50);
    if (records < 1 || days < 31 || repetitions < 1) {
      throw new IllegalArgumentException(
          "--records and --repetitions must be positive and --days at least 31");
    }
    return new Settings(records, days, repetitions, flags.text("--db"));
  }

  private static int measure(Settings settings, PrintStream out, PrintStream err)
      throws IOException {
    int records = settings.records();
    int days = settings.days();
    int repetitions = settings.repetitions();
    boolean temporary = settings.db().isEmpty();
    Path file =
        temporary
            ? Files.createTempFile("strata-ledger-bench", ".db")
            : Path.of(settings.db().orElseThrow());
    boolean reuse = !temporary && Files.exists(file) && Files.size(file) > 0;
    if (temporary) {
      Files.deleteIfExists(file);
    }
    try {
      new LedgerScaleBenchmark(records, days, repetitions, err).run(file, reuse, out);
    } finally {
      if (temporary) {
        for (String suffix : List.of("", "-wal", "-shm")) {
          Files.deleteIfExists(Path.of(file + suffix));
        }
      }
    }
    return 0;
  }

  private void run(Path file, boolean reuse, PrintStream out) throws IOException {
    try (Database database = Database.open("jdbc:sqlite:" + file)) {
      SqlLedgerReader reader = new SqlLedgerReader(database);
      Instant now;
      if (reuse) {
        now = reader.latest(1).get(0).startedAt().plusMillis(1);
        out.printf("ledger-scale: querying the existing %s (%,d MB)%n", file, Files.size(file) >> 20);
      } else {
        now = Instant.now();
        long seedNanos = seed(database, now);
        long bytes = Files.size(file) + sizeIfExists(Path.of(file + "-wal"));
        out.printf(
            "ledger-scale: %,d records over %d days seeded in %.1f s (%,.0f records/s), database %,d MB%n",
            records, days, seedNanos / 1e9, records / (seedNanos / 1e9), bytes >> 20);
      }
      Instant from = now.minus(Duration.ofDays(30));
      out.printf("machine: %d cores, %s %s, Java %s%n",
          Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
          System.getProperty("os.arch"), System.getProperty("java.version"));
      time(out, reader, "30 days by model", CostExplorerQuery.of(from, now, List.of(CostDimension.Field.MODEL)));
      time(out, reader, "30 days by day and team",
          CostExplorerQuery.of(from, now, List.of(CostDimension.Field.DAY, CostDimension.Field.TEAM)));
      time(out, reader, "30 days by hour",
          CostExplorerQuery.of(from, now, List.of(CostDimension.Field.HOUR)));
    }
  }

  private void time(PrintStream out, SqlLedgerReader reader, String name, CostExplorerQuery query) {
    CostReport report = null;
    for (int i = 0; i < 5; i++) {
      report = reader.explore(query);
    }
    long[] nanos = new long[repetitions];
    for (int i = 0; i < repetitions; i++) {
      long start = System.nanoTime();
      report = reader.explore(query);
      nanos[i] = System.nanoTime() - start;
    }
    Arrays.sort(nanos);
    long requests = report.rows().stream().mapToLong(r -> r.requests()).sum();
    out.printf(
        "%-26s median %7.1f ms  p99 %7.1f ms  max %7.1f ms  (%d rows, %,d requests, from %s)%n",
        name,
        nanos[nanos.length / 2] / 1e6,
        nanos[Math.min(nanos.length - 1, (int) Math.ceil(nanos.length * 0.99) - 1)] / 1e6,
        nanos[nanos.length - 1] / 1e6,
        report.rows().size(),
        requests,
        report.source().wireName());
  }

  private long seed(Database database, Instant now) {
    SplittableRandom random = new SplittableRandom(42);
    List<KeyProfile> keys = new ArrayList<>(KEYS);
    for (int k = 0; k < KEYS; k++) {
      keys.add(KeyProfile.random(k, random));
    }
    long span = Duration.ofDays(days).toMillis();
    long first = now.toEpochMilli() - span;
    long start = System.nanoTime();
    int progressStep = Math.max(1, records / 10);
    try (SqlLedger ledger =
        new SqlLedger(database, new LedgerOptions(200_000, 20_000, Duration.ofSeconds(1)))) {
      for (int i = 0; i < records; i++) {
        Instant at = Instant.ofEpochMilli(first + (long) ((double) i / records * span));
        ledger.append(keys.get(random.nextInt(KEYS)).record(RequestIds.next(at), at, random));
        if ((i + 1) % progressStep == 0) {
          log.printf("seeded %,d of %,d records%n", i + 1, records);
        }
      }
    }
    return System.nanoTime() - start;
  }

  private static long sizeIfExists(Path file) throws IOException {
    return Files.exists(file) ? Files.size(file) : 0;
  }

  /** One synthetic key: who it bills and how it tends to call. */
  private record KeyProfile(
      Principal principal, int[] models, Tier tier, String wireFormat) {
    static KeyProfile random(int k, SplittableRandom random) {
      Principal principal =
          new Principal(
              "key_" + k,
              "tenant" + (k % 5),
              "team" + (k % 20),
              "app" + (k % 10),
              Map.of("env", k % 4 == 0 ? "dev" : "prod"));
      int[] models = {random.nextInt(MODELS.length), random.nextInt(MODELS.length)};
      Tier tier = k % 40 == 0 ? Tier.BATCH : k % 67 == 0 ? Tier.PROVISIONED : Tier.ON_DEMAND;
      String wire = new String[] {"openai", "anthropic", "bedrock"}[k % 3];
      return new KeyProfile(principal, models, tier, wire);
    }

    UsageRecord record(String id, Instant at, SplittableRandom random) {
      int requested = models[random.nextInt(models.length)];
      int served = random.nextInt(10) == 0 ? (requested + 1) % MODELS.length : requested;
      int cache = random.nextInt(10);
      long input = 200 + random.nextInt(4_000);
      Usage usage =
          new Usage(
              input,
              20 + random.nextInt(800),
              cache < 3 ? 1_024 + random.nextInt(2_048) : 0,
              cache == 3 ? 1_024 : 0,
              0);
      TokenPrice price = new TokenPrice(50_000L * (served + 1));
      Money cost = price.times(usage.totalInputTokens()).plus(price.times(4 * usage.outputTokens()));
      boolean failed = random.nextInt(50) == 0;
      return new UsageRecord(
          id,
          at,
          at.plusMillis(300 + random.nextInt(2_000)),
          principal,
          wireFormat,
          "chat",
          MODELS[requested],
          failed ? "" : MODELS[served],
          failed ? "" : PROVIDERS[served],
          failed ? Usage.ZERO : usage,
          UsageSource.PROVIDER,
          failed ? Money.ZERO : cost,
          MODELS[served] + "@2025-01-01 (bench)",
          tier,
          false,
          failed ? "upstream_error" : "ok",
          failed ? 502 : 200,
          300,
          OptionalLong.empty());
    }
  }
}
