package dev.strata.core.promptcache;

import java.util.Locale;

/**
 * The fewest prompt tokens a provider caches at one cache point; a shorter prefix is processed
 * uncached whatever the request says. Claude Opus 4.5 and 4.6 and Haiku 4.5 need 4,096, Claude Haiku
 * 3 and 3.5 2,048, other Claude models (Sonnet, earlier Opus) 1,024, Amazon Nova 1,000 (Anthropic's
 * and Bedrock's prompt-caching documentation).
 */
final class MinimumCacheTokens {
  private MinimumCacheTokens() {}

  static long of(String upstreamModel) {
    String model = upstreamModel.toLowerCase(Locale.ROOT);
    if (model.contains("nova")) {
      return 1_000;
    }
    if (model.contains("opus-4-5") || model.contains("opus-4-6") || model.contains("haiku-4-5")) {
      return 4_096;
    }
    if (model.contains("claude-3-haiku") || model.contains("claude-3-5-haiku")) {
      return 2_048;
    }
    return 1_024;
  }
}
