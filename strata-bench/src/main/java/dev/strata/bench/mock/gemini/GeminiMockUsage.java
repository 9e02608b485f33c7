package dev.strata.bench.mock.gemini;

/**
 * The {@code usageMetadata} a {@link MockGeminiUpstream} reports, in Gemini's terms: the prompt
 * count includes the cached tokens.
 */
public record GeminiMockUsage(long promptTokens, long candidatesTokens, long cachedTokens) {
  public GeminiMockUsage {
    if (promptTokens < 0 || candidatesTokens < 0 || cachedTokens < 0) {
      throw new IllegalArgumentException("token counts cannot be negative");
    }
    if (cachedTokens > promptTokens) {
      throw new IllegalArgumentException("cached tokens are part of the prompt tokens");
    }
  }
}
