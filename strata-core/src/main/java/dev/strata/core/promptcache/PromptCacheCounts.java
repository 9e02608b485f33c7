package dev.strata.core.promptcache;

/**
 * Counters of automatic placement since start. Token counts come from the usage providers reported
 * for requests Strata placed cache points in; the money saved is in the ledger, which meters cache
 * reads at their own price.
 *
 * @param requestsSeen requests placement considered (models with explicit cache points, not opted
 *     out)
 * @param requestsPlaced requests that got at least one cache point from Strata
 * @param cachePointsPlaced cache points Strata added
 * @param cacheReadTokens prompt tokens read from the provider's cache, in placed requests
 * @param cacheWriteTokens prompt tokens written to the provider's cache, in placed requests
 * @param uncachedInputTokens the other prompt tokens of placed requests
 */
public record PromptCacheCounts(
    long requestsSeen,
    long requestsPlaced,
    long cachePointsPlaced,
    long cacheReadTokens,
    long cacheWriteTokens,
    long uncachedInputTokens) {

  /** The share of placed requests' prompt tokens read from the cache, 0 when there were none. */
  public double hitRatio() {
    long total = cacheReadTokens + cacheWriteTokens + uncachedInputTokens;
    return total == 0 ? 0 : (double) cacheReadTokens / total;
  }
}
