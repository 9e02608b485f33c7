package dev.strata.bench;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Settings of {@link SpendControlsBenchmark}; {@link #parse} reads them from flags (see {@link
 * #USAGE}).
 *
 * @param threads the concurrency levels to measure, each a number of threads in a closed loop
 * @param phase how long each path runs in each round, and each part in the breakdown
 * @param promptTokens the size of each request's prompt (system plus messages), in tokens
 */
public record SpendControlsOptions(
    List<Integer> threads,
    int rounds,
    Duration phase,
    Duration warmup,
    int promptTokens,
    Optional<Path> out) {

  static final int MAX_THREADS = 256;

  public static final String USAGE =
      """
      Usage: bench spend-controls [options]
        --threads N,M,...      concurrency levels, threads in a closed loop (default 1,8)
        --rounds N             interleaved rounds per level; medians are reported (default 5)
        --phase SECONDS        each path's run per round, and each breakdown part's (default 3)
        --warmup SECONDS       discarded warm-up of both paths and every part (default 10)
        --prompt-tokens N      tokens in each request's prompt (default 1500)
        --out FILE             also write the JSON report to FILE
        --quick                a smoke run: 2 rounds of 0.5 s, 2 s of warm-up
      """;

  private static final Set<String> FLAGS =
      Set.of("--threads", "--rounds", "--phase", "--warmup", "--prompt-tokens", "--out");

  public SpendControlsOptions {
    threads = List.copyOf(requireNonNull(threads, "threads"));
    requireNonNull(phase, "phase");
    requireNonNull(warmup, "warmup");
    requireNonNull(out, "out");
    if (threads.isEmpty()) {
      throw new IllegalArgumentException("--threads needs at least one level");
    }
    for (int level : threads) {
      if (level < 1 || level > MAX_THREADS) {
        throw new IllegalArgumentException(
            "--threads levels must be between 1 and " + MAX_THREADS + ", was " + level);
      }
    }
    if (rounds < 1 || rounds > 1_000) {
      throw new IllegalArgumentException("--rounds must be between 1 and 1000, was " + rounds);
    }
    if (phase.toMillis() < 10) {
      throw new IllegalArgumentException("--phase must be at least 0.01 s");
    }
    if (promptTokens < 50 || promptTokens > 200_000) {
      throw new IllegalArgumentException(
          "--prompt-tokens must be between 50 and 200000, was " + promptTokens);
    }
  }

  /** Reads flags; {@code --quick} changes the defaults, and explicit flags still win. */
  public static SpendControlsOptions parse(String... args) {
    List<String> list = List.of(args);
    boolean quick = list.contains("--quick");
    var flags = new Flags(list.stream().filter(arg -> !arg.equals("--quick")).toList(), FLAGS);
    return new SpendControlsOptions(
        levels(flags.text("--threads").orElse("1,8")),
        flags.integer("--rounds", quick ? 2 : 5),
        flags.seconds("--phase", quick ? 0.5 : 3),
        flags.seconds("--warmup", quick ? 2 : 10),
        flags.integer("--prompt-tokens", 1500),
        flags.text("--out").map(Path::of));
  }

  private static List<Integer> levels(String text) {
    List<Integer> levels = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      try {
        levels.add(Integer.parseInt(part.strip()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "--threads takes whole numbers separated by commas, was " + text, e);
      }
    }
    return levels;
  }
}
