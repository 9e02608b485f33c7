package dev.strata.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.Message;
import dev.strata.core.model.Role;
import dev.strata.providers.http.UpstreamErrors;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an OpenAI {@code chat.completion} as a canonical answer: the first choice's text (or
 * refusal), then its tool calls, the stop reason and the usage.
 */
final class ChatResponseJson {
  private ChatResponseJson() {}

  static ChatResponse parse(String upstream, JsonNode root) {
    JsonNode choice = root.path("choices").path(0);
    if (!choice.isObject()) {
      throw UpstreamErrors.malformed(upstream, "an answer without choices", null);
    }
    JsonNode message = choice.path("message");
    List<ContentBlock> content = new ArrayList<>();
    String text = text(message.path("content"));
    if (text.isEmpty()) {
      text = message.path("refusal").asText("");
    }
    if (!text.isEmpty()) {
      content.add(new ContentBlock.Text(text));
    }
    JsonNode toolCalls = message.path("tool_calls");
    for (int i = 0; i < toolCalls.size(); i++) {
      content.add(toolUse(toolCalls.get(i), i));
    }
    JsonNode legacyCall = message.path("function_call");
    boolean hasLegacyCall = toolCalls.isEmpty() && legacyCall.isObject();
    if (hasLegacyCall) {
      content.add(toolUse(legacyCall, 0, legacyCall));
    }
    boolean hasToolCalls = !toolCalls.isEmpty() || hasLegacyCall;
    return new ChatResponse(
        new Message(Role.ASSISTANT, content),
        FinishReasons.of(choice, hasToolCalls),
        UsageJson.parse(root.path("usage")));
  }

  private static ContentBlock.ToolUse toolUse(JsonNode call, int position) {
    return toolUse(call, position, call.path("function"));
  }

  private static ContentBlock.ToolUse toolUse(JsonNode call, int position, JsonNode function) {
    String id = call.path("id").asText("");
    return new ContentBlock.ToolUse(
        id.isEmpty() ? "call_" + position : id,
        function.path("name").asText(""),
        ToolArguments.parse(function.path("arguments")));
  }

  /** A string, or an array of parts whose text is joined (some servers answer with parts). */
  static String text(JsonNode content) {
    if (content.isTextual()) {
      return content.asText();
    }
    StringBuilder text = new StringBuilder();
    for (JsonNode part : content) {
      text.append(part.path("text").asText(""));
    }
    return text.toString();
  }
}
