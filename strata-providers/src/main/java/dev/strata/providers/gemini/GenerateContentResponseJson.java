package dev.strata.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.Message;
import dev.strata.core.model.Role;
import dev.strata.core.model.StopReason;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Gemini {@code GenerateContentResponse} as a canonical answer: the first candidate's
 * parts, adjacent text parts joined, thought parts left out, each function call given an id. A
 * prompt blocked before any candidate is a content-filtered empty answer.
 */
final class GenerateContentResponseJson {
  private GenerateContentResponseJson() {}

  static ChatResponse parse(JsonNode response) {
    JsonNode candidate = response.path("candidates").path(0);
    List<ContentBlock> blocks = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    boolean called = false;
    for (JsonNode part : candidate.path("content").path("parts")) {
      if (part.path("thought").asBoolean(false)) {
        continue;
      }
      if (part.has("text")) {
        text.append(part.path("text").asText(""));
      } else if (part.has("functionCall")) {
        flush(text, blocks);
        called = true;
        blocks.add(toolUse(part.path("functionCall")));
      }
    }
    flush(text, blocks);
    StopReason stop =
        candidate.isMissingNode() && response.path("promptFeedback").has("blockReason")
            ? StopReason.CONTENT_FILTERED
            : FinishReasons.of(candidate.path("finishReason").asText(""), called);
    return new ChatResponse(
        new Message(Role.ASSISTANT, blocks),
        stop,
        GeminiUsage.parse(response.path("usageMetadata")));
  }

  static ContentBlock.ToolUse toolUse(JsonNode call) {
    JsonNode args = call.path("args");
    String id = call.path("id").asText("");
    return new ContentBlock.ToolUse(
        id.isEmpty() ? CallIds.next() : id,
        call.path("name").asText(""),
        args.isObject() ? args : JsonNodeFactory.instance.objectNode());
  }

  private static void flush(StringBuilder text, List<ContentBlock> blocks) {
    if (!text.isEmpty()) {
      blocks.add(new ContentBlock.Text(text.toString()));
      text.setLength(0);
    }
  }
}
