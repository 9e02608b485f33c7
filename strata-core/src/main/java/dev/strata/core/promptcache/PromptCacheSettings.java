package dev.strata.core.promptcache;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Set;

/**
 * How automatic cache-point placement behaves: the models it must leave alone, the key tag that
 * turns it off ({@code prompt-cache: off}), how long a provider keeps a prefix, and the learner's
 * bounds.
 *
 * @param disabledModels public model names placement never touches
 * @param maxPrefixes the most prefixes the learner remembers, over all tenants and models
 * @param maxBytes the most memory the learner's entries may take, estimated
 * @param cacheLifetime how long a provider keeps a written prefix without reads (5 minutes)
 */
public record PromptCacheSettings(
    Set<String> disabledModels, int maxPrefixes, long maxBytes, Duration cacheLifetime) {

  /** The key tag whose value {@code off} disables placement for that key's requests. */
  public static final String KEY_TAG = "prompt-cache";

  /** On for every model; 100,000 prefixes or 16 MiB; the providers' 5-minute lifetime. */
  public static final PromptCacheSettings DEFAULTS =
      new PromptCacheSettings(Set.of(), 100_000, 16L << 20, Duration.ofMinutes(5));

  public PromptCacheSettings {
    disabledModels = Set.copyOf(requireNonNull(disabledModels, "disabledModels"));
    requireNonNull(cacheLifetime, "cacheLifetime");
    if (maxPrefixes < 1 || maxBytes < 1) {
      throw new IllegalArgumentException("maxPrefixes and maxBytes must be positive");
    }
    if (cacheLifetime.isNegative() || cacheLifetime.isZero()) {
      throw new IllegalArgumentException("cacheLifetime must be positive, was " + cacheLifetime);
    }
  }

  /** These settings with placement off for the named models. */
  public PromptCacheSettings withDisabledModels(Set<String> models) {
    return new PromptCacheSettings(models, maxPrefixes, maxBytes, cacheLifetime);
  }
}
