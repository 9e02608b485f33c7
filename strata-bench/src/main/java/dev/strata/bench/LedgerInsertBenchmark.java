package dev.strata.bench;

import dev.strata.core.auth.Principal;
import dev.strata.core.ledger.RequestIds;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.ledger.UsageSource;
import dev.strata.core.model.Usage;
import dev.strata.core.money.Money;
import dev.strata.core.money.Tier;
import dev.strata.store.Database;
import dev.strata.store.LedgerOptions;
import dev.strata.store.SqlLedger;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * What a stored usage record costs the ledger writer, by the shape of its request id: uniformly
 * random ids (Strata's scheme before 2026-11-28) against {@link RequestIds}' time-ordered ones.
 * Both ledgers, each in its own SQLite file, grow side by side through the production writer
 * ({@link SqlLedger}, batches of {@code --batch} records as a gateway at 1,000 req/s with the
 * default 100 ms flush interval writes them), a chunk of records into one, then a chunk into the
 * other, so the machine's noise falls on both. Prints the wall and CPU time per record of each
 * chunk and their medians over the chunks after the first (JIT warm-up). The process CPU time is
 * measured, so it includes making the records, the same for both.
 */
public final class LedgerInsertBenchmark {
  static final String USAGE =
      """
      usage: bench ledger-inserts [--records N] [--chunks C] [--batch B]
        --records  records stored into each of the two ledgers (default 1000000)
        --chunks   chunks each ledger's records are stored and timed in (default 10)
        --batch    records per stored batch (default 100)
      """;
  private static final Set<String> FLAGS = Set.of("--records", "--chunks", "--batch");
  private static final char[] ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final Principal PRINCIPAL =
      new Principal("key_bench", "tenant", "team", "app", Map.of("env", "prod"));

  /** How a scheme names the request that arrived at an instant. */
  enum IdScheme {
    RANDOM(at -> randomId()),
    TIME_ORDERED(RequestIds::next);

    private final Function<Instant, String> ids;

    IdScheme(Function<Instant, String> ids) {
      this.ids = ids;
    }

    String idFor(Instant arrival) {
      return ids.apply(arrival);
    }

    String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** One chunk's cost per record, in microseconds. */
  record Chunk(IdScheme scheme, int index, double wallMicros, double cpuMicros) {}

  private LedgerInsertBenchmark() {}

  public static void main(String[] args) throws IOException {
    System.exit(execute(System.out, System.err, args));
  }

  /** Runs the benchmark; prints the figures to {@code out}, usage errors to {@code err}. */
  public static int execute(PrintStream out, PrintStream err, String... args) throws IOException {
    return BenchmarkCommand.execute(
        args, USAGE, FLAGS, out, err, LedgerInsertBenchmark::settings, s -> measure(s, out));
  }

  /** The flags, read and checked. */
  private record Settings(int records, int chunks, int batch) {}

  private static Settings settings(Flags flags) {
    int records = flags.integer("--records", 1_000_000);
    int chunks = flags.integer("--chunks", 10);
    int batch = flags.integer("--batch", 100);
    if (records < 1 || chunks < 2 || batch < 1 || records < chunks) {
      throw new IllegalArgumentException(
          "--records and --batch must be positive, --chunks at least 2 and at most --records");
    }
    return new Settings(records, chunks, batch);
  }

  private static int measure(Settings settings, PrintStream out) throws IOException {
    int records = settings.records();
    int chunks = settings.chunks();
    int batch = settings.batch();
    Path folder = Files.createTempDirectory("strata-ledger-inserts");
    try {
      List<Chunk> measured = run(folder, records, chunks, batch, out);
      printMedians(measured, out);
    } finally {
      try (var files = Files.list(folder)) {
        for (Path file : files.toList()) {
          Files.deleteIfExists(file);
        }
      }
      Files.deleteIfExists(folder);
    }
    return 0;
  }

  /** Stores {@code records} into a ledger per scheme, chunk by chunk, alternating. */
  static List<Chunk> run(Path folder, int records, int chunks, int batch, PrintStream out)
      throws IOException {
    LedgerOptions options = new LedgerOptions(Math.max(batch, 10_000), batch, Duration.ofSeconds(1));
    List<Chunk> measured = new ArrayList<>();
    try (Database randomDb = Database.open("jdbc:sqlite:" + folder.resolve("random.db"));
        Database orderedDb = Database.open("jdbc:sqlite:" + folder.resolve("ordered.db"));
        SqlLedger random = new SqlLedger(randomDb, options);
        SqlLedger ordered = new SqlLedger(orderedDb, options)) {
      Instant first = Instant.now().minusMillis(records);
      int stored = 0;
      Map<IdScheme, SqlLedger> ledgers =
          Map.of(IdScheme.RANDOM, random, IdScheme.TIME_ORDERED, ordered);
      for (int chunk = 0; chunk < chunks; chunk++) {
        int size = (records - stored) / (chunks - chunk);
        List<IdScheme> order = List.of(IdScheme.values());
        for (IdScheme scheme : chunk % 2 == 0 ? order : order.reversed()) {
          Chunk result = store(ledgers.get(scheme), scheme, chunk, first.plusMillis(stored), size);
          measured.add(result);
          out.printf(
              "ledger-inserts: %-12s records %,9d to %,9d: %6.1f us wall, %6.1f us CPU per record%n",
              scheme.label(), stored + 1, stored + size, result.wallMicros(), result.cpuMicros());
        }
        stored += size;
      }
    }
    return measured;
  }

  /** Appends {@code size} records, one a millisecond from {@code from}, and waits until stored. */
  private static Chunk store(SqlLedger ledger, IdScheme scheme, int index, Instant from, int size) {
    long startNanos = System.nanoTime();
    long startCpu = processCpuNanos();
    for (int i = 0; i < size; i++) {
      Instant at = from.plusMillis(i);
      ledger.append(record(scheme.idFor(at), at));
    }
    ledger.flush();
    double wall = (System.nanoTime() - startNanos) / 1e3 / size;
    double cpu = (processCpuNanos() - startCpu) / 1e3 / size;
    return new Chunk(scheme, index, wall, cpu);
  }

  private static void printMedians(List<Chunk> measured, PrintStream out) {
    for (IdScheme scheme : IdScheme.values()) {
      List<Chunk> warm =
          measured.stream().filter(c -> c.scheme() == scheme && c.index() > 0).toList();
      out.printf(
          "ledger-inserts: %-12s median over chunks 2..%d: %6.1f us wall, %6.1f us CPU per record%n",
          scheme.label(),
          warm.size() + 1,
          median(warm.stream().mapToDouble(Chunk::wallMicros).toArray()),
          median(warm.stream().mapToDouble(Chunk::cpuMicros).toArray()));
    }
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static String randomId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    char[] id = new char[RequestIds.LENGTH];
    for (int i = 0; i < id.length; i++) {
      id[i] = ALPHABET[random.nextInt(ALPHABET.length)];
    }
    return new String(id);
  }

  /** A record like the gateway benchmark's: one key, one model, a provider-reported usage. */
  private static UsageRecord record(String requestId, Instant at) {
    return new UsageRecord(
        requestId,
        at,
        at.plusMillis(20),
        PRINCIPAL,
        "openai",
        "chat",
        "bench-model",
        "bench-model",
        "mock",
        new Usage(120, 16, 0, 0, 0),
        UsageSource.PROVIDER,
        Money.ZERO,
        "gpt-4o-mini@2024-07-18 (bench)",
        Tier.ON_DEMAND,
        false,
        "ok",
        200,
        20,
        OptionalLong.empty());
  }
}
