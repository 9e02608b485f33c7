package dev.strata.bench.mock.anthropic;

/**
 * The usage a {@link MockAnthropicUpstream} reports, in Anthropic's terms: input tokens exclude
 * cache reads and cache writes, which are reported apart (writes split by time to live).
 */
public record AnthropicMockUsage(
    long inputTokens,
    long outputTokens,
    long cacheReadInputTokens,
    long cacheWrite5mInputTokens,
    long cacheWrite1hInputTokens) {

  public AnthropicMockUsage {
    if (inputTokens < 0
        || outputTokens < 0
        || cacheReadInputTokens < 0
        || cacheWrite5mInputTokens < 0
        || cacheWrite1hInputTokens < 0) {
      throw new IllegalArgumentException("token counts cannot be negative");
    }
  }

  /** Usage without any prompt caching. */
  public static AnthropicMockUsage of(long inputTokens, long outputTokens) {
    return new AnthropicMockUsage(inputTokens, outputTokens, 0, 0, 0);
  }
}
