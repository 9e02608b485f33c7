package dev.strata.core.model;

/**
 * Token counts of one model call. As in Bedrock Converse and Anthropic, {@code inputTokens} counts
 * only input that was neither read from nor written to the prompt cache; cached input is counted in
 * the cache fields, so the total input is the sum of the three. (OpenAI's {@code prompt_tokens}
 * includes cached tokens; its adapter subtracts them.)
 */
public record Usage(
    long inputTokens,
    long outputTokens,
    long cacheReadInputTokens,
    long cacheWrite5mInputTokens,
    long cacheWrite1hInputTokens) {

  public static final Usage ZERO = new Usage(0, 0, 0, 0, 0);

  public Usage {
    if (inputTokens < 0
        || outputTokens < 0
        || cacheReadInputTokens < 0
        || cacheWrite5mInputTokens < 0
        || cacheWrite1hInputTokens < 0) {
      throw new IllegalArgumentException("token counts cannot be negative");
    }
  }

  public static Usage of(long inputTokens, long outputTokens) {
    return new Usage(inputTokens, outputTokens, 0, 0, 0);
  }

  public long cacheWriteInputTokens() {
    return cacheWrite5mInputTokens + cacheWrite1hInputTokens;
  }

  /** All input tokens, cached or not. */
  public long totalInputTokens() {
    return inputTokens + cacheReadInputTokens + cacheWriteInputTokens();
  }

  public long totalTokens() {
    return totalInputTokens() + outputTokens;
  }
}
