package dev.strata.bench;

import dev.strata.core.cache.SemanticMatch;
import dev.strata.store.semantic.LuceneSemanticIndex;
import dev.strata.store.semantic.MiniLmEmbedder;
import dev.strata.store.semantic.SemanticIndexOptions;
import dev.strata.store.semantic.Verifier;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;

/**
 * Lookup overhead of the semantic cache at scale: seeds a {@link LuceneSemanticIndex} with N
 * entries — the dataset's question1 texts with their real embeddings, then variants of them whose
 * vectors are the real ones plus noise (cosine ≈ 0.85 to their origin), so neighbourhoods are
 * dense — and times {@code find} for unseen question2 texts, which includes embedding them with
 * the real model. Usage: {@code bin/strata bench semantic-lookup [--entries N] [--scopes S]
 * [--queries Q] [--data FILE]}.
 */
public final class SemanticLookupBenchmark {
  static final String USAGE =
      """
      usage: bench semantic-lookup [--entries N] [--scopes S] [--queries Q] [--data FILE]
        --entries  cached entries to seed (default 100000)
        --scopes   scopes (tenants) they are spread over (default 1: one scope holds them all)
        --queries  timed lookups (default 2000, after 200 warm-up lookups)
        --data     question pairs (default ../shared/data/semantic-cache/quora_pairs_dev.csv)
      """;
  private static final Set<String> FLAGS = Set.of("--entries", "--scopes", "--queries", "--data");
  private static final int WARM_UP = 200;
  private static final double NOISE = 0.03;

  private SemanticLookupBenchmark() {}

  public static void main(String[] args) throws IOException {
    System.exit(execute(System.out, System.err, args));
  }

  /** Runs the benchmark; prints the figures to {@code out}, progress to {@code err}. */
  public static int execute(PrintStream out, PrintStream err, String... args) throws IOException {
    return BenchmarkCommand.execute(
        args, USAGE, FLAGS, out, err, SemanticLookupBenchmark::settings, s -> measure(s, out, err));
  }

  /** The flags, read and checked. */
  private record Settings(int entries, int scopes, int queries, Path data) {}

  private static Settings settings(Flags flags) {
    int entries = flags.integer("--entries", 100_000);
    int scopes = flags.integer("--scopes", 1);
    int queries = flags.integer("--queries", 2_000);
    if (entries < 1 || scopes < 1 || queries < 1) {
      throw new IllegalArgumentException("--entries, --scopes and --queries must be positive");
    }
    return new Settings(
        entries,
        scopes,
        queries,
        flags.text("--data").map(Path::of).orElse(QuestionPairs.defaultFile()));
  }

  private static int measure(Settings settings, PrintStream out, PrintStream err)
      throws IOException {
    int entries = settings.entries();
    int scopes = settings.scopes();
    int queries = settings.queries();
    Path data = settings.data();
    QuestionPairs pairs = QuestionPairs.read(data);
    Map<String, Integer> seedIndex = new LinkedHashMap<>();
    List<String[]> lookups = new ArrayList<>();
    for (QuestionPairs.Pair pair : pairs.pairs()) {
      if (pair.cached().isBlank() || pair.incoming().isBlank()) {
        continue;
      }
      int seed = seedIndex.computeIfAbsent(pair.cached(), text -> seedIndex.size());
      lookups.add(new String[] {scope(seed, scopes), pair.incoming()});
    }
    if (lookups.size() < queries + WARM_UP) {
      throw new IllegalArgumentException(
          "--queries is at most " + (lookups.size() - WARM_UP) + " with " + data);
    }
    List<String> seeds = List.copyOf(seedIndex.keySet());
    try (MiniLmEmbedder model = MiniLmEmbedder.load()) {
      err.printf("embedding %d seed questions%n", seeds.size());
      List<float[]> seedVectors = model.embedAll(seeds);
      PresetEmbedder embedder = new PresetEmbedder(model);
      Clock clock = Clock.systemUTC();
      SemanticIndexOptions options = SemanticIndexOptions.defaults().withMaxEntries(entries);
      // as the gateway keeps it: memory-mapped files, off the heap (deleted on close)
      Path folder = Files.createTempDirectory("strata-semantic-index");
      try (LuceneSemanticIndex index =
          new LuceneSemanticIndex(embedder, new Verifier(), options, clock, folder)) {
        long seedStart = System.nanoTime();
        seed(index, embedder, seeds, seedVectors, entries, scopes, clock.instant(), err);
        double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
        List<String[]> timed = lookups.subList(0, queries);
        List<String[]> warmUp = lookups.subList(queries, queries + WARM_UP);
        // as a busy index is: one segment per refresh, merged by Lucene's tiered policy
        int seededSegments = index.segments();
        Lookups asSeeded = timeLookups(index, warmUp, timed, clock);
        // as an index is once idle compaction has run
        long compactStart = System.nanoTime();
        index.compact();
        double compactSeconds = (System.nanoTime() - compactStart) / 1e9;
        Lookups compacted = timeLookups(index, warmUp, timed, clock);
        Histogram embedMicros = new Histogram(3);
        for (String[] lookup : timed) {
          long start = System.nanoTime();
          model.embed(lookup[1]);
          embedMicros.recordValue((System.nanoTime() - start) / 1_000);
        }
        out.printf(
            Locale.ROOT,
            "semantic lookup: %d entries in %d scope(s), seeded in %.1f s; %d lookups per state%n",
            index.size(),
            scopes,
            seedSeconds,
            queries);
        printLine(out, "find, as seeded (" + seededSegments + " segments)", asSeeded);
        printLine(
            out,
            String.format(Locale.ROOT, "find, compacted (1 segment, merge %.1f s)", compactSeconds),
            compacted);
        printLine(out, "embedding alone", embedMicros, -1);
        out.printf(
            Locale.ROOT,
            "target p99 <= 5 ms including the embedding: as seeded %s, compacted %s%n",
            asSeeded.micros().getValueAtPercentile(99) <= 5_000 ? "met" : "NOT met",
            compacted.micros().getValueAtPercentile(99) <= 5_000 ? "met" : "NOT met");
      }
    }
    return 0;
  }

  private static void seed(
      LuceneSemanticIndex index,
      PresetEmbedder embedder,
      List<String> seeds,
      List<float[]> seedVectors,
      int entries,
      int scopes,
      Instant now,
      PrintStream err) {
    SplittableRandom random = new SplittableRandom(42);
    Instant expiresAt = now.plus(Duration.ofDays(1));
    // variants first, real questions last: the oldest-first size bound must not evict the latter
    Map<Integer, Integer> variantsOf = new HashMap<>();
    int variants = Math.max(0, entries - seeds.size());
    for (int i = 0; i < variants; i++) {
      int seed = i % seeds.size();
      int variant = variantsOf.merge(seed, 1, Integer::sum);
      embedder.preset(noisy(seedVectors.get(seed), random));
      index.add(
          scope(seed, scopes),
          seeds.get(seed) + " (variant " + letters(variant) + ")",
          "v" + i,
          expiresAt);
      if ((i + 1) % 20_000 == 0) {
        err.printf("seeded %d entries%n", i + 1);
      }
    }
    for (int seed = 0; seed < Math.min(entries, seeds.size()); seed++) {
      embedder.preset(seedVectors.get(seed));
      index.add(scope(seed, scopes), seeds.get(seed), "q" + seed, expiresAt);
    }
  }

  private static String scope(int seed, int scopes) {
    return "tenant-" + (seed % scopes) + "/model";
  }

  /** Base-26 lowercase letters: digits would make the verifier see a number. */
  private static String letters(int n) {
    StringBuilder text = new StringBuilder();
    for (int rest = n; rest > 0; rest /= 26) {
      text.append((char) ('a' + rest % 26));
    }
    return text.toString();
  }

  private static float[] noisy(float[] vector, SplittableRandom random) {
    float[] result = new float[vector.length];
    double norm = 0;
    for (int i = 0; i < vector.length; i++) {
      double gaussian = Math.sqrt(-2 * Math.log(1 - random.nextDouble()))
          * Math.cos(2 * Math.PI * random.nextDouble());
      result[i] = (float) (vector[i] + NOISE * gaussian);
      norm += result[i] * result[i];
    }
    for (int i = 0; i < result.length; i++) {
      result[i] = (float) (result[i] / Math.sqrt(norm));
    }
    return result;
  }

  /** Timed lookups and how many of them found an entry. */
  private record Lookups(Histogram micros, int hits) {}

  private static Lookups timeLookups(
      LuceneSemanticIndex index, List<String[]> warmUp, List<String[]> timed, Clock clock) {
    for (String[] lookup : warmUp) {
      index.find(lookup[0], lookup[1], clock.instant());
    }
    Histogram micros = new Histogram(3);
    int hits = 0;
    for (String[] lookup : timed) {
      long start = System.nanoTime();
      Optional<SemanticMatch> match = index.find(lookup[0], lookup[1], clock.instant());
      micros.recordValue((System.nanoTime() - start) / 1_000);
      hits += match.isPresent() ? 1 : 0;
    }
    return new Lookups(micros, hits);
  }

  private static void printLine(PrintStream out, String label, Lookups lookups) {
    printLine(out, label, lookups.micros(), lookups.hits());
  }

  private static void printLine(PrintStream out, String label, Histogram micros, int hits) {
    out.printf(
        Locale.ROOT,
        "%-44s p50 %.2f  p90 %.2f  p99 %.2f  max %.2f ms%s%n",
        label + ":",
        micros.getValueAtPercentile(50) / 1000.0,
        micros.getValueAtPercentile(90) / 1000.0,
        micros.getValueAtPercentile(99) / 1000.0,
        micros.getMaxValue() / 1000.0,
        hits < 0 ? "" : "  (" + hits + " hits)");
  }
}
