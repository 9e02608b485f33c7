package dev.strata.core.path;

/**
 * Bounds on a canonical request, checked before any work. The defaults are generous enough for
 * real agent workloads and tight enough that one request cannot exhaust the gateway.
 */
public record RequestLimits(
    int maxMessages,
    int maxContentBlocksPerMessage,
    int maxTools,
    int maxStopSequences,
    int maxOutputTokens,
    int maxEmbeddingInputs,
    int maxMetadataEntries) {

  public static final RequestLimits DEFAULTS = new RequestLimits(2048, 512, 128, 16, 1_000_000, 2048, 64);

  public RequestLimits {
    if (maxMessages < 1
        || maxContentBlocksPerMessage < 1
        || maxTools < 0
        || maxStopSequences < 0
        || maxOutputTokens < 1
        || maxEmbeddingInputs < 1
        || maxMetadataEntries < 0) {
      throw new IllegalArgumentException("request limits must be positive");
    }
  }
}
