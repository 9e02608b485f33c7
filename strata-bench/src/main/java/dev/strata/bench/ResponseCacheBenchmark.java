package dev.strata.bench;

import dev.strata.core.cache.CacheKey;
import dev.strata.core.cache.CachedAnswer;
import dev.strata.core.cache.LocalResponseCache;
import dev.strata.core.cache.ResponseCache;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.InferenceConfig;
import dev.strata.core.model.Message;
import dev.strata.core.model.ResponseFormat;
import dev.strata.core.model.StopReason;
import dev.strata.core.model.Usage;
import dev.strata.core.money.Money;
import dev.strata.store.RedisResponseCache;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;

/**
 * The exact response cache's lookup overhead with many entries: fills a cache with {@code
 * --entries} answers, then times lookups — the canonical request's SHA-256 plus the get — half of
 * them hits, half misses, and prints p50, p99 and max. In process always; in Redis too with {@code
 * --redis-url}. Usage: {@code bin/strata bench response-cache [--entries N] [--lookups N]
 * [--redis-url redis://127.0.0.1:6379]}.
 */
public final class ResponseCacheBenchmark {
  static final String USAGE =
      """
      usage: bench response-cache [--entries N] [--lookups N] [--redis-url URL]
        --entries    answers cached before timing (default 100000)
        --lookups    timed lookups, half hits and half misses (default 200000, after as many warm-up)
        --redis-url  also measure the Redis cache at this server (a throwaway prefix, removed after)
      """;
  private static final Set<String> FLAGS = Set.of("--entries", "--lookups", "--redis-url");
  private static final Duration TTL = Duration.ofHours(1);
  private static final String TENANT = "bench";
  private static final String SYSTEM =
      "You are a support assistant for an online shop. Answer in two sentences at most, politely.";

  private ResponseCacheBenchmark() {}

  public static void main(String[] args) {
    System.exit(execute(System.out, System.err, args));
  }

  /** Runs the benchmark; prints the figures to {@code out}, progress to {@code err}. */
  public static int execute(PrintStream out, PrintStream err, String... args) {
    return BenchmarkCommand.execute(
        args, USAGE, FLAGS, out, err, ResponseCacheBenchmark::settings, s -> measure(s, out, err));
  }

  /** The flags, read and checked. */
  private record Settings(int entries, int lookups, Optional<String> redisUrl) {}

  private static Settings settings(Flags flags) {
    int entries = flags.integer("--entries", 100_000);
    int lookups = flags.integer("--lookups", 200_000);
    if (entries < 1 || lookups < 2) {
      throw new IllegalArgumentException("--entries and --lookups must be positive");
    }
    return new Settings(entries, lookups, flags.text("--redis-url"));
  }

  private static int measure(Settings settings, PrintStream out, PrintStream err) {
    int entries = settings.entries();
    int lookups = settings.lookups();
    out.printf(
        "machine: %d cores, %s %s, Java %s%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.name"),
        System.getProperty("os.arch"),
        System.getProperty("java.version"));
    LocalResponseCache local = new LocalResponseCache(Clock.systemUTC(), entries, 4L << 30);
    measure("in-process", local, entries, lookups, out, err);
    Optional<String> redisUrl = settings.redisUrl();
    if (redisUrl.isPresent()) {
      String prefix = "strata-bench-" + Long.toHexString(System.nanoTime());
      try (RedisResponseCache redis =
          RedisResponseCache.connect(redisUrl.get(), prefix, Duration.ofSeconds(5), 1 << 20)) {
        try {
          measure("redis", redis, entries, lookups, out, err);
        } finally {
          redis.removeAll("", "");
        }
      }
    }
    return 0;
  }

  private static void measure(
      String name, ResponseCache cache, int entries, int lookups, PrintStream out, PrintStream err) {
    err.printf("%s: caching %,d answers…%n", name, entries);
    long seeded = System.nanoTime();
    for (int i = 0; i < entries; i++) {
      cache.put(CacheKey.of(TENANT, request(i)), answer(i), TTL);
    }
    double seedSeconds = (System.nanoTime() - seeded) / 1e9;
    Histogram hits = new Histogram(3_600_000_000_000L, 3);
    Histogram misses = new Histogram(3_600_000_000_000L, 3);
    SplittableRandom random = new SplittableRandom(42);
    for (int round = 0; round < 2; round++) {
      boolean timed = round == 1;
      for (int i = 0; i < lookups; i++) {
        boolean hit = (i & 1) == 0;
        int n = hit ? random.nextInt(entries) : entries + random.nextInt(Integer.MAX_VALUE - entries);
        ChatRequest request = request(n);
        long start = System.nanoTime();
        boolean found = cache.get(CacheKey.of(TENANT, request)).isPresent();
        long nanos = System.nanoTime() - start;
        if (found != hit) {
          throw new IllegalStateException(name + ": entry " + n + (hit ? " missing" : " unexpectedly present"));
        }
        if (timed) {
          (hit ? hits : misses).recordValue(nanos);
        }
      }
    }
    out.printf(
        "%s: %,d entries (seeded in %.1f s); lookup = request SHA-256 + get, %,d hits and %,d misses%n",
        name, cache.size(), seedSeconds, hits.getTotalCount(), misses.getTotalCount());
    report(out, name, "hit", hits);
    report(out, name, "miss", misses);
  }

  private static void report(PrintStream out, String name, String kind, Histogram nanos) {
    out.printf(
        "%s %s: p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms%n",
        name,
        kind,
        nanos.getValueAtPercentile(50) / 1e6,
        nanos.getValueAtPercentile(99) / 1e6,
        nanos.getValueAtPercentile(99.9) / 1e6,
        nanos.getMaxValue() / 1e6);
  }

  /** A typical single-turn request: a system prompt, a question of about 40 words, a few settings. */
  static ChatRequest request(int n) {
    String question =
        "Order #" + n + " was delivered to the wrong address and the tracking page still says it is"
            + " in transit; the customer asks whether a refund or a new shipment is possible and how"
            + " long either would take. What should we tell them?";
    return new ChatRequest(
        "gpt-4o-mini",
        List.of(new ContentBlock.Text(SYSTEM)),
        List.of(Message.user(question)),
        InferenceConfig.DEFAULTS.withMaxTokens(256),
        Optional.empty(),
        new ResponseFormat.Text(),
        Map.of());
  }

  static CachedAnswer answer(int n) {
    String text =
        "I am sorry about order #" + n + ". We will send a replacement today at no cost; it arrives"
            + " within three working days, or we refund you in full within five if you prefer.";
    return new CachedAnswer(
        new ChatResponse(Message.assistant(text), StopReason.END_TURN, Optional.of(Usage.of(90, 45))),
        "gpt-4o-mini",
        "openai",
        Money.ofPico(40_500_000L));
  }
}
