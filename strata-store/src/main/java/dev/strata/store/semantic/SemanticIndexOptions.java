package dev.strata.store.semantic;

/**
 * How a {@link LuceneSemanticIndex} decides and how much it holds: the cosine similarity a match
 * must reach, the most entries kept (the oldest go first) and the longest prompt it embeds (longer
 * prompts are left to the exact cache: they are rarely paraphrased and slow to embed).
 */
public record SemanticIndexOptions(double threshold, int maxEntries, int maxPromptChars) {
  /**
   * The shipped similarity threshold, chosen by {@code bench semantic-threshold}
   * (dev.strata.bench.SemanticThresholdCalibration) on ../shared/data/semantic-cache/
   * quora_pairs_dev.csv (4,521 pairs, 2,267 duplicates) on 2026-11-28 with the int8
   * all-MiniLM-L6-v2: the threshold with the highest precision at recall ≥ 0.5, with the verifier —
   * precision 0.858, recall 0.502 (the float model: 0.862 gave 0.861 at 0.501). The target
   * (precision ≥ 0.95 at recall ≥ 0.5) is out of reach for all-MiniLM-L6-v2 on these hard
   * near-misses; see docs/benchmarks.md for precision-first settings.
   */
  public static final double DEFAULT_THRESHOLD = 0.856;

  /** Enough for a busy tenant set; each entry holds a 1.5 KB vector, its int8 copy, its prompt. */
  public static final int DEFAULT_MAX_ENTRIES = 100_000;

  /** all-MiniLM-L6-v2 reads at most 256 word pieces, roughly this many characters. */
  public static final int DEFAULT_MAX_PROMPT_CHARS = 2_000;

  public SemanticIndexOptions {
    if (!(threshold > 0 && threshold <= 1)) {
      throw new IllegalArgumentException(
          "semantic cache threshold must be in (0, 1], was " + threshold);
    }
    if (maxEntries < 1) {
      throw new IllegalArgumentException(
          "semantic cache maxEntries must be at least 1, was " + maxEntries);
    }
    if (maxPromptChars < 1) {
      throw new IllegalArgumentException(
          "semantic cache maxPromptChars must be at least 1, was " + maxPromptChars);
    }
  }

  /** The shipped threshold and bounds. */
  public static SemanticIndexOptions defaults() {
    return new SemanticIndexOptions(DEFAULT_THRESHOLD, DEFAULT_MAX_ENTRIES, DEFAULT_MAX_PROMPT_CHARS);
  }

  /** These options with another threshold. */
  public SemanticIndexOptions withThreshold(double newThreshold) {
    return new SemanticIndexOptions(newThreshold, maxEntries, maxPromptChars);
  }

  /** These options with another size bound. */
  public SemanticIndexOptions withMaxEntries(int newMaxEntries) {
    return new SemanticIndexOptions(threshold, newMaxEntries, maxPromptChars);
  }
}
