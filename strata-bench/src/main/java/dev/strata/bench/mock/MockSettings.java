package dev.strata.bench.mock;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How a {@link MockOpenAiUpstream} answers: an immutable value, replaced as a whole (and so
 * thread-safe) by {@link MockOpenAiUpstream#update}. Start from {@link #DEFAULTS} and use the
 * {@code with…} methods.
 *
 * <p>When {@code usage} is empty the reported token counts are computed: prompt tokens are the
 * whitespace-separated words of every message's text (or of the embedding input), completion tokens
 * the words of the answer (or of the tool-call arguments), cached tokens zero.
 *
 * @param responseText the assistant's answer
 * @param usage fixed token counts to report, or empty to compute them from the input
 * @param streamChunks how many content chunks a streamed answer is split into (capped by its
 *     length)
 * @param latency delay before the first byte of every model answer, error or not
 * @param chunkDelay delay between two events of a streamed answer
 * @param unknownModels models answered with 404 {@code model_not_found}
 * @param toolCallArguments when present and the request offers tools, the answer is a call of the
 *     requested (or first) tool with these JSON arguments
 * @param models the ids listed by {@code GET /v1/models}
 * @param requiredApiKey when present, model requests without {@code Authorization: Bearer <key>}
 *     get 401 {@code invalid_api_key}
 * @param nativeBatch whether OpenAI's Files and Batches APIs ({@code /v1/files}, {@code
 *     /v1/batches}) are served; without them those paths answer 404, as vLLM does
 * @param batchDelay how long a batch stays in progress before its lines run and it completes
 */
public record MockSettings(
    String responseText,
    Optional<MockUsage> usage,
    int streamChunks,
    Duration latency,
    Duration chunkDelay,
    Set<String> unknownModels,
    Optional<String> toolCallArguments,
    List<String> models,
    Optional<String> requiredApiKey,
    boolean nativeBatch,
    Duration batchDelay) {

  /**
   * A fixed sentence, computed usage, 5 chunks, no delays, no tool calls, model "mock-model", no
   * batch API.
   */
  public static final MockSettings DEFAULTS =
      new MockSettings(
          "This is a response from the Strata mock upstream.",
          Optional.empty(),
          5,
          Duration.ZERO,
          Duration.ZERO,
          Set.of(),
          Optional.empty(),
          List.of("mock-model"),
          Optional.empty(),
          false,
          Duration.ZERO);

  public MockSettings {
    requireNonNull(responseText, "responseText");
    requireNonNull(usage, "usage");
    requireNonNull(latency, "latency");
    requireNonNull(chunkDelay, "chunkDelay");
    requireNonNull(toolCallArguments, "toolCallArguments");
    requireNonNull(requiredApiKey, "requiredApiKey");
    requireNonNull(batchDelay, "batchDelay");
    unknownModels = Set.copyOf(unknownModels);
    models = List.copyOf(models);
    if (streamChunks < 1) {
      throw new IllegalArgumentException("streamChunks must be at least 1, was " + streamChunks);
    }
    if (latency.isNegative() || chunkDelay.isNegative() || batchDelay.isNegative()) {
      throw new IllegalArgumentException("latency, chunkDelay and batchDelay cannot be negative");
    }
  }

  public MockSettings withResponseText(String text) {
    return new MockSettings(
        text,
        usage,
        streamChunks,
        latency,
        chunkDelay,
        unknownModels,
        toolCallArguments,
        models,
        requiredApiKey,
        nativeBatch,
        batchDelay);
  }

  /** Reports these token counts instead of computing them. */
  public MockSettings withUsage(long promptTokens, long completionTokens, long cachedTokens) {
    return new MockSettings(
        responseText,
        Optional.of(new MockUsage(promptTokens, completionTokens, cachedTokens)),
        streamChunks,
        latency,
        chunkDelay,
        unknownModels,
        toolCallArguments,
        models,
        requiredApiKey,
        nativeBatch,
        batchDelay);
  }

  /** Computes token counts from the input again (the default). */
  public MockSettings withComputedUsage() {
    return new MockSettings(
        responseText,
        Optional.empty(),
        streamChunks,
        latency,
        chunkDelay,
        unknownModels,
        toolCallArguments,
        models,
        requiredApiKey,
        nativeBatch,
        batchDelay);
  }

  public MockSettings withStreamChunks(int chunks) {
    return new MockSettings(
        responseText,
        usage,
        chunks,
        latency,
        chunkDelay,
        unknownModels,
        toolCallArguments,
        models,
        requiredApiKey,
        nativeBatch,
        batchDelay);
  }

  public MockSettings withLatency(Duration delay) {
    return new MockSettings(
        responseText,
        usage,
        streamChunks,
        delay,
        chunkDelay,
        unknownModels,
        toolCallArguments,
        models,
        requiredApiKey,
        nativeBatch,
        batchDelay);
  }

  public MockSettings withChunkDelay(Duration delay) {
    return new MockSettings(
        responseText,
        usage,
        streamChunks,
        latency,
        delay,
        unknownModels,
        toolCallArguments,
        models,
        requiredApiKey,
        nativeBatch,
        batchDelay);
  }

  public MockSettings withUnknownModels(String... names) {
    return new MockSettings(
        responseText,
        usage,
        streamChunks,
        latency,
        chunkDelay,
        Set.of(names),
        toolCallArguments,
        models,
        requiredApiKey,
        nativeBatch,
        batchDelay);
  }

  /** Answers requests that offer tools with a call of the tool, with these JSON arguments. */
  public MockSettings withToolCall(String argumentsJson) {
    return new MockSettings(
        responseText,
        usage,
        streamChunks,
        latency,
        chunkDelay,
        unknownModels,
        Optional.of(argumentsJson),
        models,
        requiredApiKey,
        nativeBatch,
        batchDelay);
  }

  /** Answers with text even when tools are offered (the default). */
  public MockSettings withoutToolCall() {
    return new MockSettings(
        responseText,
        usage,
        streamChunks,
        latency,
        chunkDelay,
        unknownModels,
        Optional.empty(),
        models,
        requiredApiKey,
        nativeBatch,
        batchDelay);
  }

  public MockSettings withModels(String... ids) {
    return new MockSettings(
        responseText,
        usage,
        streamChunks,
        latency,
        chunkDelay,
        unknownModels,
        toolCallArguments,
        List.of(ids),
        requiredApiKey,
        nativeBatch,
        batchDelay);
  }

  public MockSettings withRequiredApiKey(String apiKey) {
    return new MockSettings(
        responseText,
        usage,
        streamChunks,
        latency,
        chunkDelay,
        unknownModels,
        toolCallArguments,
        models,
        Optional.of(apiKey),
        nativeBatch,
        batchDelay);
  }

  /** Serves (or, with false, stops serving) OpenAI's Files and Batches APIs. */
  public MockSettings withNativeBatch(boolean enabled) {
    return new MockSettings(
        responseText,
        usage,
        streamChunks,
        latency,
        chunkDelay,
        unknownModels,
        toolCallArguments,
        models,
        requiredApiKey,
        enabled,
        batchDelay);
  }

  /** Batches stay in progress this long before their lines run and they complete. */
  public MockSettings withBatchDelay(Duration delay) {
    return new MockSettings(
        responseText,
        usage,
        streamChunks,
        latency,
        chunkDelay,
        unknownModels,
        toolCallArguments,
        models,
        requiredApiKey,
        nativeBatch,
        delay);
  }
}
