package dev.strata.providers.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.strata.core.json.JsonMappers;

/**
 * Reads a tool call's {@code arguments}, which OpenAI sends as a JSON string. Arguments that do not
 * parse (a model can write broken JSON) are kept as a JSON string node, so nothing is lost.
 */
final class ToolArguments {
  private static final ObjectMapper MAPPER = JsonMappers.create();

  private ToolArguments() {}

  static JsonNode parse(JsonNode arguments) {
    if (arguments.isObject() || arguments.isArray()) {
      return arguments; // Some servers send the object itself.
    }
    String text = arguments.isTextual() ? arguments.asText() : "";
    if (text.isBlank()) {
      return JsonNodeFactory.instance.objectNode();
    }
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException notJson) {
      return JsonNodeFactory.instance.textNode(text);
    }
  }
}
