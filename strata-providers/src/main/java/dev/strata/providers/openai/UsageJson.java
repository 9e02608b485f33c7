package dev.strata.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.model.Usage;
import java.util.Optional;

/**
 * Reads OpenAI's {@code usage} object. OpenAI counts cached prompt tokens inside {@code
 * prompt_tokens}; the canonical {@link Usage} counts them apart, so they are subtracted.
 */
final class UsageJson {
  private UsageJson() {}

  /** The usage, or empty when the node is absent, null or has no token counts. */
  static Optional<Usage> parse(JsonNode usage) {
    if (!usage.isObject() || !(usage.has("prompt_tokens") || usage.has("completion_tokens"))) {
      return Optional.empty();
    }
    long prompt = Math.max(0, usage.path("prompt_tokens").asLong(0));
    long completion = Math.max(0, usage.path("completion_tokens").asLong(0));
    long cached = usage.path("prompt_tokens_details").path("cached_tokens").asLong(0);
    cached = Math.min(prompt, Math.max(0, cached));
    return Optional.of(new Usage(prompt - cached, completion, cached, 0, 0));
  }
}
