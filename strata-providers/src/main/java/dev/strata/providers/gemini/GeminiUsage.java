package dev.strata.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.model.Usage;
import java.util.Optional;

/**
 * Reads Gemini's {@code usageMetadata}. Gemini's prompt count includes the cached tokens, which the
 * canonical {@link Usage} counts apart, so they are subtracted; thinking tokens are billed as
 * output and counted with it.
 */
final class GeminiUsage {
  private GeminiUsage() {}

  /** The usage, or empty when the node has no token counts. */
  static Optional<Usage> parse(JsonNode usage) {
    if (!usage.isObject() || !usage.has("promptTokenCount")) {
      return Optional.empty();
    }
    long prompt = count(usage, "promptTokenCount") + count(usage, "toolUsePromptTokenCount");
    long cached = Math.min(prompt, count(usage, "cachedContentTokenCount"));
    long output = count(usage, "candidatesTokenCount") + count(usage, "thoughtsTokenCount");
    return Optional.of(new Usage(prompt - cached, output, cached, 0, 0));
  }

  private static long count(JsonNode usage, String field) {
    return Math.max(0, usage.path(field).asLong(0));
  }
}
