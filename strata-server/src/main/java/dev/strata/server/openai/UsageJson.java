package dev.strata.server.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.strata.core.model.StopReason;
import dev.strata.core.model.Usage;
import dev.strata.core.path.Metering;
import java.io.IOException;

/** The small pieces chat responses and chunks share: usage, finish reasons, the cost extension. */
final class UsageJson {
  private UsageJson() {}

  /** OpenAI's {@code usage}: prompt tokens include cached ones, unlike the canonical count. */
  static void writeChatUsage(JsonGenerator json, Usage usage) throws IOException {
    json.writeObjectFieldStart("usage");
    json.writeNumberField("prompt_tokens", usage.totalInputTokens());
    json.writeNumberField("completion_tokens", usage.outputTokens());
    json.writeNumberField("total_tokens", usage.totalTokens());
    json.writeObjectFieldStart("prompt_tokens_details");
    json.writeNumberField("cached_tokens", usage.cacheReadInputTokens());
    json.writeEndObject();
    json.writeEndObject();
  }

  /** Strata's extension field: the exact cost and where the counts came from. */
  static void writeStrataExtension(JsonGenerator json, Metering metering) throws IOException {
    json.writeObjectFieldStart("strata");
    json.writeStringField("cost_usd", metering.cost().total().toUsdString());
    json.writeStringField("usage_source", metering.source().wireName());
    json.writeEndObject();
  }

  static String finishReason(StopReason reason) {
    return switch (reason) {
      case END_TURN, STOP_SEQUENCE -> "stop";
      case MAX_TOKENS -> "length";
      case TOOL_USE -> "tool_calls";
      case CONTENT_FILTERED, GUARDRAIL_INTERVENED -> "content_filter";
    };
  }
}
