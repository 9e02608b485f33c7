package dev.strata.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.model.Usage;
import java.util.Optional;

/**
 * Reads Anthropic's {@code usage} object, whose counts already match the canonical {@link Usage}:
 * {@code input_tokens} excludes cache reads and writes. Cache writes are split by time to live in
 * {@code cache_creation}; without it, {@code cache_creation_input_tokens} counts as five-minute
 * writes, except in a stream's {@code message_delta}, whose bare total keeps the split already
 * reported in {@code message_start} (so one-hour writes are never billed at the five-minute price).
 */
final class AnthropicUsage {
  private AnthropicUsage() {}

  /** The usage, or empty when the node has no token counts. */
  static Optional<Usage> parse(JsonNode usage) {
    if (!usage.isObject() || !(usage.has("input_tokens") || usage.has("output_tokens"))) {
      return Optional.empty();
    }
    return Optional.of(merge(Usage.ZERO, usage));
  }

  /** {@code base} with every count that {@code usage} reports replaced (stream deltas). */
  static Usage merge(Usage base, JsonNode usage) {
    long write5m = base.cacheWrite5mInputTokens();
    long write1h = base.cacheWrite1hInputTokens();
    JsonNode creation = usage.path("cache_creation");
    if (creation.isObject()) {
      write5m = count(creation, "ephemeral_5m_input_tokens", 0);
      write1h = count(creation, "ephemeral_1h_input_tokens", 0);
    } else if (usage.hasNonNull("cache_creation_input_tokens")) {
      long writes = count(usage, "cache_creation_input_tokens", 0);
      write1h = Math.min(write1h, writes);
      write5m = writes - write1h;
    }
    return new Usage(
        count(usage, "input_tokens", base.inputTokens()),
        count(usage, "output_tokens", base.outputTokens()),
        count(usage, "cache_read_input_tokens", base.cacheReadInputTokens()),
        write5m,
        write1h);
  }

  private static long count(JsonNode usage, String field, long otherwise) {
    JsonNode value = usage.path(field);
    return value.isNumber() ? Math.max(0, value.asLong()) : otherwise;
  }
}
