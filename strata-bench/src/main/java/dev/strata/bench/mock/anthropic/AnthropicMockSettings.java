package dev.strata.bench.mock.anthropic;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * How a {@link MockAnthropicUpstream} answers; an immutable value replaced as a whole by {@link
 * MockAnthropicUpstream#update}. Start from {@link #DEFAULTS} and use the {@code with…} methods.
 *
 * @param responseText the assistant's answer
 * @param usage the token counts reported with every answer
 * @param streamChunks how many text deltas a streamed answer is split into (capped by its length)
 * @param latency delay before the first byte of every answer, error or not
 * @param chunkDelay delay between two events of a streamed answer
 * @param toolCallArguments when present and the request offers tools, the answer is a call of the
 *     named (or first) tool with these JSON arguments
 * @param requiredApiKey when present, requests without this key in {@code x-api-key} (or {@code
 *     Authorization: Bearer}) get 401 {@code authentication_error}
 * @param nativeBatch whether the Message Batches API ({@code /v1/messages/batches}) is served;
 *     without it those paths answer 404
 * @param batchDelay how long a batch stays in progress before its requests run and it ends
 */
public record AnthropicMockSettings(
    String responseText,
    AnthropicMockUsage usage,
    int streamChunks,
    Duration latency,
    Duration chunkDelay,
    Optional<String> toolCallArguments,
    Optional<String> requiredApiKey,
    boolean nativeBatch,
    Duration batchDelay) {

  /**
   * A fixed sentence, 12 input and 9 output tokens, 5 chunks, no delays, no tool calls, no batch
   * API.
   */
  public static final AnthropicMockSettings DEFAULTS =
      new AnthropicMockSettings(
          "This is a response from the Strata mock Anthropic upstream.",
          AnthropicMockUsage.of(12, 9),
          5,
          Duration.ZERO,
          Duration.ZERO,
          Optional.empty(),
          Optional.empty(),
          false,
          Duration.ZERO);

  public AnthropicMockSettings {
    requireNonNull(responseText, "responseText");
    requireNonNull(usage, "usage");
    requireNonNull(latency, "latency");
    requireNonNull(chunkDelay, "chunkDelay");
    requireNonNull(toolCallArguments, "toolCallArguments");
    requireNonNull(requiredApiKey, "requiredApiKey");
    requireNonNull(batchDelay, "batchDelay");
    if (streamChunks < 1) {
      throw new IllegalArgumentException("streamChunks must be at least 1, was " + streamChunks);
    }
    if (latency.isNegative() || chunkDelay.isNegative() || batchDelay.isNegative()) {
      throw new IllegalArgumentException("latency, chunkDelay and batchDelay cannot be negative");
    }
  }

  public AnthropicMockSettings withResponseText(String text) {
    return new AnthropicMockSettings(
        text,
        usage,
        streamChunks,
        latency,
        chunkDelay,
        toolCallArguments,
        requiredApiKey,
        nativeBatch,
        batchDelay);
  }

  public AnthropicMockSettings withUsage(AnthropicMockUsage reported) {
    return new AnthropicMockSettings(
        responseText,
        reported,
        streamChunks,
        latency,
        chunkDelay,
        toolCallArguments,
        requiredApiKey,
        nativeBatch,
        batchDelay);
  }

  public AnthropicMockSettings withStreamChunks(int chunks) {
    return new AnthropicMockSettings(
        responseText,
        usage,
        chunks,
        latency,
        chunkDelay,
        toolCallArguments,
        requiredApiKey,
        nativeBatch,
        batchDelay);
  }

  public AnthropicMockSettings withLatency(Duration delay) {
    return new AnthropicMockSettings(
        responseText,
        usage,
        streamChunks,
        delay,
        chunkDelay,
        toolCallArguments,
        requiredApiKey,
        nativeBatch,
        batchDelay);
  }

  public AnthropicMockSettings withChunkDelay(Duration delay) {
    return new AnthropicMockSettings(
        responseText,
        usage,
        streamChunks,
        latency,
        delay,
        toolCallArguments,
        requiredApiKey,
        nativeBatch,
        batchDelay);
  }

  /** Answers requests that offer tools with a call of a tool, with these JSON arguments. */
  public AnthropicMockSettings withToolCall(String argumentsJson) {
    return new AnthropicMockSettings(
        responseText,
        usage,
        streamChunks,
        latency,
        chunkDelay,
        Optional.of(argumentsJson),
        requiredApiKey,
        nativeBatch,
        batchDelay);
  }

  public AnthropicMockSettings withRequiredApiKey(String apiKey) {
    return new AnthropicMockSettings(
        responseText,
        usage,
        streamChunks,
        latency,
        chunkDelay,
        toolCallArguments,
        Optional.of(apiKey),
        nativeBatch,
        batchDelay);
  }

  /** Serves (or, with false, stops serving) the Message Batches API. */
  public AnthropicMockSettings withNativeBatch(boolean enabled) {
    return new AnthropicMockSettings(
        responseText,
        usage,
        streamChunks,
        latency,
        chunkDelay,
        toolCallArguments,
        requiredApiKey,
        enabled,
        batchDelay);
  }

  /** Batches stay in progress this long before their requests run and they end. */
  public AnthropicMockSettings withBatchDelay(Duration delay) {
    return new AnthropicMockSettings(
        responseText,
        usage,
        streamChunks,
        latency,
        chunkDelay,
        toolCallArguments,
        requiredApiKey,
        nativeBatch,
        delay);
  }
}
