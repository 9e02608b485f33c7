package dev.strata.providers.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.Message;
import dev.strata.core.model.Role;
import dev.strata.core.model.StopReason;
import dev.strata.core.model.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads Bedrock's Converse answer, stop reason and usage into the canonical model. Content other
 * than text and tool use (reasoning, citations) is not relayed.
 */
final class ConverseResponseJson {
  private ConverseResponseJson() {}

  static ChatResponse response(JsonNode root) {
    List<ContentBlock> content = new ArrayList<>();
    for (JsonNode block : root.path("output").path("message").path("content")) {
      JsonNode text = block.get("text");
      JsonNode toolUse = block.get("toolUse");
      if (text != null && text.isTextual()) {
        content.add(new ContentBlock.Text(text.asText()));
      } else if (toolUse != null && toolUse.isObject()) {
        JsonNode input = toolUse.get("input");
        content.add(
            new ContentBlock.ToolUse(
                toolUse.path("toolUseId").asText(""),
                toolUse.path("name").asText(""),
                input == null ? NullNode.getInstance() : input));
      }
    }
    JsonNode usage = root.get("usage");
    return new ChatResponse(
        new Message(Role.ASSISTANT, content),
        stopReason(root.path("stopReason").asText(null)),
        usage != null && usage.isObject() ? Optional.of(usage(usage)) : Optional.empty());
  }

  /** Bedrock's stop reason; an absent or unknown one is the end of the turn. */
  static StopReason stopReason(String reason) {
    if (reason == null) {
      return StopReason.END_TURN;
    }
    return switch (reason) {
      case "tool_use" -> StopReason.TOOL_USE;
      case "max_tokens", "model_context_window_exceeded" -> StopReason.MAX_TOKENS;
      case "stop_sequence" -> StopReason.STOP_SEQUENCE;
      case "guardrail_intervened" -> StopReason.GUARDRAIL_INTERVENED;
      case "content_filtered" -> StopReason.CONTENT_FILTERED;
      default -> StopReason.END_TURN;
    };
  }

  /**
   * Bedrock's usage, the same shape as the canonical one. Cache writes are split by time to live
   * when {@code cacheDetails} says how; otherwise they are five-minute writes, Bedrock's default.
   */
  static Usage usage(JsonNode usage) {
    long writes = count(usage.get("cacheWriteInputTokens"));
    long write1h = 0;
    for (JsonNode detail : usage.path("cacheDetails")) {
      if ("1h".equals(detail.path("ttl").asText())) {
        write1h += count(detail.get("inputTokens"));
      }
    }
    write1h = Math.min(write1h, writes);
    return new Usage(
        count(usage.get("inputTokens")),
        count(usage.get("outputTokens")),
        count(usage.get("cacheReadInputTokens")),
        writes - write1h,
        write1h);
  }

  private static long count(JsonNode tokens) {
    return tokens == null || !tokens.canConvertToLong() ? 0 : Math.max(0, tokens.asLong());
  }
}
