package dev.strata.server.metrics;

import dev.strata.core.model.Usage;
import java.util.Locale;

/** What a request did with the provider's prompt cache, as the ledger's token counts show it. */
enum CacheOutcome {
  /** Some input was read from the cache (it may also have written some). */
  READ,
  /** Input was written to the cache and none read. */
  WRITE,
  /** The cache played no part. */
  NONE;

  static CacheOutcome of(Usage usage) {
    if (usage.cacheReadInputTokens() > 0) {
      return READ;
    }
    return usage.cacheWriteInputTokens() > 0 ? WRITE : NONE;
  }

  String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
