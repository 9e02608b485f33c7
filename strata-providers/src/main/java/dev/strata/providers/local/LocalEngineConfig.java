package dev.strata.providers.local;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the embedded llama.cpp engine loads and serves one GGUF model. Every setting is checked when
 * the config is built, and an error names the setting; the model file itself is checked when it is
 * loaded.
 *
 * @param name the provider's configured name, {@code local} by default
 * @param modelFile the GGUF file to load
 * @param contextSize the total KV-cache size in tokens, shared equally by the slots: each slot
 *     holds {@code contextSize / parallelSlots} tokens of prompt plus answer
 * @param parallelSlots how many answers are generated at once; further requests wait for a slot
 * @param threads CPU threads for generation, {@code 0} for one per available core
 * @param defaultMaxOutputTokens the answer length limit of a request that sets none
 * @param slotWaitTimeout how long a request waits for a free slot before it fails as unavailable
 *     (retryable); zero fails at once when every slot is busy
 */
public record LocalEngineConfig(
    String name,
    Path modelFile,
    int contextSize,
    int parallelSlots,
    int threads,
    int defaultMaxOutputTokens,
    Duration slotWaitTimeout) {

  public static final String DEFAULT_NAME = "local";
  public static final int DEFAULT_CONTEXT_SIZE = 4096;
  public static final int DEFAULT_PARALLEL_SLOTS = 2;
  public static final int DEFAULT_MAX_OUTPUT_TOKENS = 512;
  public static final Duration DEFAULT_SLOT_WAIT_TIMEOUT = Duration.ofSeconds(30);

  /** A slot smaller than this cannot hold a chat prompt and an answer worth having. */
  public static final int MIN_CONTEXT_PER_SLOT = 64;

  public static final int MAX_CONTEXT_SIZE = 1 << 20;
  public static final int MAX_PARALLEL_SLOTS = 64;
  public static final int MAX_THREADS = 1024;
  public static final Duration MAX_SLOT_WAIT_TIMEOUT = Duration.ofMinutes(10);

  public LocalEngineConfig {
    requireNonNull(name, "name");
    requireNonNull(modelFile, "modelFile");
    requireNonNull(slotWaitTimeout, "slotWaitTimeout");
    if (name.isBlank()) {
      throw new IllegalArgumentException("local engine: name must not be blank");
    }
    String where = "local engine '" + name + "': ";
    if (parallelSlots < 1 || parallelSlots > MAX_PARALLEL_SLOTS) {
      throw new IllegalArgumentException(
          where
              + "parallelSlots must be between 1 and "
              + MAX_PARALLEL_SLOTS
              + ", was "
              + parallelSlots);
    }
    if (contextSize > MAX_CONTEXT_SIZE) {
      throw new IllegalArgumentException(
          where + "contextSize must be at most " + MAX_CONTEXT_SIZE + ", was " + contextSize);
    }
    if (contextSize / parallelSlots < MIN_CONTEXT_PER_SLOT) {
      throw new IllegalArgumentException(
          where
              + "contextSize ("
              + contextSize
              + ") must give each of the "
              + parallelSlots
              + " parallelSlots at least "
              + MIN_CONTEXT_PER_SLOT
              + " tokens");
    }
    if (threads < 0 || threads > MAX_THREADS) {
      throw new IllegalArgumentException(
          where
              + "threads must be between 0 (one per core) and "
              + MAX_THREADS
              + ", was "
              + threads);
    }
    int perSlot = contextSize / parallelSlots;
    if (defaultMaxOutputTokens < 1 || defaultMaxOutputTokens >= perSlot) {
      throw new IllegalArgumentException(
          where
              + "defaultMaxOutputTokens must be between 1 and "
              + (perSlot - 1)
              + " (below the context per slot, contextSize / parallelSlots = "
              + perSlot
              + "), was "
              + defaultMaxOutputTokens);
    }
    if (slotWaitTimeout.isNegative() || slotWaitTimeout.compareTo(MAX_SLOT_WAIT_TIMEOUT) > 0) {
      throw new IllegalArgumentException(
          where
              + "slotWaitTimeout must be between 0 and "
              + MAX_SLOT_WAIT_TIMEOUT
              + ", was "
              + slotWaitTimeout);
    }
  }

  /** The defaults for serving {@code modelFile} as the provider {@code local}. */
  public static LocalEngineConfig defaults(Path modelFile) {
    return new LocalEngineConfig(
        DEFAULT_NAME,
        modelFile,
        DEFAULT_CONTEXT_SIZE,
        DEFAULT_PARALLEL_SLOTS,
        0,
        DEFAULT_MAX_OUTPUT_TOKENS,
        DEFAULT_SLOT_WAIT_TIMEOUT);
  }

  /** The tokens one slot holds: a prompt must be shorter, and the answer fills the rest. */
  public int contextPerSlot() {
    return contextSize / parallelSlots;
  }

  /** The generation threads llama.cpp is given: {@link #threads}, or the available cores. */
  public int effectiveThreads() {
    return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
  }

  public LocalEngineConfig withName(String newName) {
    return new LocalEngineConfig(
        newName,
        modelFile,
        contextSize,
        parallelSlots,
        threads,
        defaultMaxOutputTokens,
        slotWaitTimeout);
  }

  public LocalEngineConfig withSlots(int newContextSize, int newParallelSlots) {
    return new LocalEngineConfig(
        name,
        modelFile,
        newContextSize,
        newParallelSlots,
        threads,
        defaultMaxOutputTokens,
        slotWaitTimeout);
  }

  public LocalEngineConfig withThreads(int newThreads) {
    return new LocalEngineConfig(
        name,
        modelFile,
        contextSize,
        parallelSlots,
        newThreads,
        defaultMaxOutputTokens,
        slotWaitTimeout);
  }

  public LocalEngineConfig withDefaultMaxOutputTokens(int tokens) {
    return new LocalEngineConfig(
        name, modelFile, contextSize, parallelSlots, threads, tokens, slotWaitTimeout);
  }

  public LocalEngineConfig withSlotWaitTimeout(Duration timeout) {
    return new LocalEngineConfig(
        name, modelFile, contextSize, parallelSlots, threads, defaultMaxOutputTokens, timeout);
  }
}
