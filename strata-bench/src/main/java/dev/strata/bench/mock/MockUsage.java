package dev.strata.bench.mock;

/**
 * Token counts a {@link MockOpenAiUpstream} reports, in OpenAI's terms: {@code promptTokens}
 * includes the {@code cachedTokens}.
 */
public record MockUsage(long promptTokens, long completionTokens, long cachedTokens) {

  public MockUsage {
    if (promptTokens < 0 || completionTokens < 0 || cachedTokens < 0) {
      throw new IllegalArgumentException("token counts cannot be negative");
    }
    if (cachedTokens > promptTokens) {
      throw new IllegalArgumentException(
          "cachedTokens (" + cachedTokens + ") cannot exceed promptTokens (" + promptTokens + ")");
    }
  }

  public long totalTokens() {
    return promptTokens + completionTokens;
  }
}
