package dev.strata.bench.mock.gemini;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * How a {@link MockGeminiUpstream} answers; an immutable value replaced as a whole by {@link
 * MockGeminiUpstream#update}. Start from {@link #DEFAULTS} and use the {@code with…} methods.
 *
 * @param responseText the model's answer
 * @param usage the {@code usageMetadata} reported with every answer
 * @param streamChunks how many chunks a streamed answer is split into (capped by its length)
 * @param latency delay before the first byte of every answer, error or not
 * @param chunkDelay delay between two chunks of a streamed answer
 * @param toolCallArguments when present and the request declares functions, the answer is a call of
 *     the first allowed (or first declared) function with these JSON arguments
 * @param requiredApiKey when present, requests without it in {@code x-goog-api-key} (or {@code
 *     ?key=}) get 400 {@code INVALID_ARGUMENT} "API key not valid", as Google answers
 */
public record GeminiMockSettings(
    String responseText,
    GeminiMockUsage usage,
    int streamChunks,
    Duration latency,
    Duration chunkDelay,
    Optional<String> toolCallArguments,
    Optional<String> requiredApiKey) {

  /** A fixed sentence, 12 prompt and 9 candidate tokens, 5 chunks, no delays, no tool calls. */
  public static final GeminiMockSettings DEFAULTS =
      new GeminiMockSettings(
          "This is a response from the Strata mock Gemini upstream.",
          new GeminiMockUsage(12, 9, 0),
          5,
          Duration.ZERO,
          Duration.ZERO,
          Optional.empty(),
          Optional.empty());

  public GeminiMockSettings {
    requireNonNull(responseText, "responseText");
    requireNonNull(usage, "usage");
    requireNonNull(latency, "latency");
    requireNonNull(chunkDelay, "chunkDelay");
    requireNonNull(toolCallArguments, "toolCallArguments");
    requireNonNull(requiredApiKey, "requiredApiKey");
    if (streamChunks < 1) {
      throw new IllegalArgumentException("streamChunks must be at least 1, was " + streamChunks);
    }
    if (latency.isNegative() || chunkDelay.isNegative()) {
      throw new IllegalArgumentException("latency and chunkDelay cannot be negative");
    }
  }

  public GeminiMockSettings withResponseText(String text) {
    return new GeminiMockSettings(
        text, usage, streamChunks, latency, chunkDelay, toolCallArguments, requiredApiKey);
  }

  public GeminiMockSettings withUsage(GeminiMockUsage reported) {
    return new GeminiMockSettings(
        responseText,
        reported,
        streamChunks,
        latency,
        chunkDelay,
        toolCallArguments,
        requiredApiKey);
  }

  public GeminiMockSettings withStreamChunks(int chunks) {
    return new GeminiMockSettings(
        responseText, usage, chunks, latency, chunkDelay, toolCallArguments, requiredApiKey);
  }

  public GeminiMockSettings withLatency(Duration delay) {
    return new GeminiMockSettings(
        responseText, usage, streamChunks, delay, chunkDelay, toolCallArguments, requiredApiKey);
  }

  public GeminiMockSettings withChunkDelay(Duration delay) {
    return new GeminiMockSettings(
        responseText, usage, streamChunks, latency, delay, toolCallArguments, requiredApiKey);
  }

  /** Answers requests that declare functions with a call, with these JSON arguments. */
  public GeminiMockSettings withToolCall(String argumentsJson) {
    return new GeminiMockSettings(
        responseText,
        usage,
        streamChunks,
        latency,
        chunkDelay,
        Optional.of(argumentsJson),
        requiredApiKey);
  }

  public GeminiMockSettings withRequiredApiKey(String apiKey) {
    return new GeminiMockSettings(
        responseText,
        usage,
        streamChunks,
        latency,
        chunkDelay,
        toolCallArguments,
        Optional.of(apiKey));
  }
}
