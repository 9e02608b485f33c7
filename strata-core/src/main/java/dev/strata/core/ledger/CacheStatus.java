package dev.strata.core.ledger;

import dev.strata.core.model.Usage;
import java.util.Locale;

/**
 * How a request used the provider's prompt cache, derived from its token counts: {@code read} when
 * it read cached input, else {@code write} when it wrote some, else {@code none}.
 */
public enum CacheStatus {
  READ,
  WRITE,
  NONE;

  public static CacheStatus of(Usage usage) {
    if (usage.cacheReadInputTokens() > 0) {
      return READ;
    }
    return usage.cacheWriteInputTokens() > 0 ? WRITE : NONE;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
