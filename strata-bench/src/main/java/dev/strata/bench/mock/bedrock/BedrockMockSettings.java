package dev.strata.bench.mock.bedrock;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * What a {@link MockBedrockRuntime} answers: the text, or a tool call instead, the usage it reports
 * (cache reads and writes included), how many characters each streamed text delta carries and how
 * long it waits before answering.
 */
public record BedrockMockSettings(
    String text,
    Optional<ToolCall> toolCall,
    long inputTokens,
    long outputTokens,
    long cacheReadInputTokens,
    long cacheWriteInputTokens,
    int chunkSize,
    Duration latency) {

  public static final BedrockMockSettings DEFAULTS =
      new BedrockMockSettings(
          "Hello from the mock Bedrock runtime.", Optional.empty(), 12, 8, 0, 0, 8, Duration.ZERO);

  public BedrockMockSettings {
    requireNonNull(text, "text");
    requireNonNull(toolCall, "toolCall");
    requireNonNull(latency, "latency");
    if (inputTokens < 0
        || outputTokens < 0
        || cacheReadInputTokens < 0
        || cacheWriteInputTokens < 0) {
      throw new IllegalArgumentException("token counts cannot be negative");
    }
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunkSize must be positive, was " + chunkSize);
    }
    if (latency.isNegative()) {
      throw new IllegalArgumentException("latency cannot be negative, was " + latency);
    }
  }

  public BedrockMockSettings withText(String newText) {
    return new BedrockMockSettings(
        newText,
        Optional.empty(),
        inputTokens,
        outputTokens,
        cacheReadInputTokens,
        cacheWriteInputTokens,
        chunkSize,
        latency);
  }

  /**
   * Answers requests that offer tools with this tool call (stop reason {@code tool_use}) instead of
   * text.
   */
  public BedrockMockSettings withToolCall(ToolCall call) {
    return new BedrockMockSettings(
        text,
        Optional.of(call),
        inputTokens,
        outputTokens,
        cacheReadInputTokens,
        cacheWriteInputTokens,
        chunkSize,
        latency);
  }

  /** Answers with text again. */
  public BedrockMockSettings withoutToolCall() {
    return new BedrockMockSettings(
        text,
        Optional.empty(),
        inputTokens,
        outputTokens,
        cacheReadInputTokens,
        cacheWriteInputTokens,
        chunkSize,
        latency);
  }

  public BedrockMockSettings withUsage(long input, long output, long cacheRead, long cacheWrite) {
    return new BedrockMockSettings(
        text, toolCall, input, output, cacheRead, cacheWrite, chunkSize, latency);
  }

  public BedrockMockSettings withChunkSize(int size) {
    return new BedrockMockSettings(
        text,
        toolCall,
        inputTokens,
        outputTokens,
        cacheReadInputTokens,
        cacheWriteInputTokens,
        size,
        latency);
  }

  public BedrockMockSettings withLatency(Duration delay) {
    return new BedrockMockSettings(
        text,
        toolCall,
        inputTokens,
        outputTokens,
        cacheReadInputTokens,
        cacheWriteInputTokens,
        chunkSize,
        delay);
  }

  /** A tool call the mock makes; {@code inputJson} is a JSON object, streamed in chunks. */
  public record ToolCall(String toolUseId, String name, String inputJson) {
    public ToolCall {
      requireNonNull(toolUseId, "toolUseId");
      requireNonNull(name, "name");
      requireNonNull(inputJson, "inputJson");
    }
  }
}
