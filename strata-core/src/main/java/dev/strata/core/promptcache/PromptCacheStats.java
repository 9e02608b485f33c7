package dev.strata.core.promptcache;

/** Reports what automatic cache-point placement has done since start, for admin pages and metrics. */
public interface PromptCacheStats {
  PromptCacheCounts counts();
}
