package dev.strata.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.Message;
import dev.strata.core.model.Role;
import dev.strata.providers.http.UpstreamErrors;
import java.util.ArrayList;
import java.util.List;

/** Reads an Anthropic {@code message} as a canonical answer; thinking blocks are left out. */
final class MessagesResponseJson {
  private MessagesResponseJson() {}

  static ChatResponse parse(String upstream, JsonNode message) {
    JsonNode content = message.path("content");
    if (!content.isArray()) {
      throw UpstreamErrors.malformed(upstream, "a message without content", null);
    }
    List<ContentBlock> blocks = new ArrayList<>();
    for (JsonNode block : content) {
      switch (block.path("type").asText("")) {
        case "text" -> blocks.add(new ContentBlock.Text(block.path("text").asText("")));
        case "tool_use" ->
            blocks.add(
                new ContentBlock.ToolUse(
                    block.path("id").asText(""),
                    block.path("name").asText(""),
                    block.path("input").isMissingNode()
                        ? JsonNodeFactory.instance.objectNode()
                        : block.path("input")));
        default -> {}
      }
    }
    return new ChatResponse(
        new Message(Role.ASSISTANT, blocks),
        StopReasons.of(message.path("stop_reason").asText("")),
        AnthropicUsage.parse(message.path("usage")));
  }
}
