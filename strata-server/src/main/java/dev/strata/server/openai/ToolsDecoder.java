package dev.strata.server.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.core.model.ToolChoice;
import dev.strata.core.model.ToolConfig;
import dev.strata.core.model.ToolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Decodes {@code tools} and {@code tool_choice} of a chat request into a tool config. */
final class ToolsDecoder {
  private static final Set<String> TOOL_FIELDS = Set.of("type", "function");
  private static final Set<String> FUNCTION_FIELDS =
      Set.of("name", "description", "parameters", "strict");
  private static final Set<String> NAMED_CHOICE_FIELDS = Set.of("type", "function");
  private static final Set<String> NAMED_CHOICE_FUNCTION_FIELDS = Set.of("name");

  private ToolsDecoder() {}

  static Optional<ToolConfig> decode(JsonFields request) {
    List<ToolSpec> tools = new ArrayList<>();
    Optional<ArrayNode> offered = request.array("tools");
    if (offered.isPresent()) {
      for (int i = 0; i < offered.get().size(); i++) {
        tools.add(tool(offered.get().get(i), request.path("tools") + "[" + i + "]"));
      }
    }
    ToolChoice choice = choice(request.get("tool_choice"), request.path("tool_choice"));
    if (tools.isEmpty()) {
      if (choice instanceof ToolChoice.Auto || choice instanceof ToolChoice.None) {
        return Optional.empty();
      }
      throw JsonFields.invalidValue(
          "tool_choice", "'tool_choice' asks for a tool call, but no 'tools' were given.");
    }
    return Optional.of(new ToolConfig(tools, choice));
  }

  private static ToolSpec tool(JsonNode node, String path) {
    JsonFields tool = JsonFields.object(node, path);
    tool.rejectUnknown(TOOL_FIELDS);
    String type = tool.requiredString("type");
    if (!type.equals("function")) {
      throw JsonFields.unsupported(
          tool.path("type"), "'" + type + "' is not supported; only 'function' tools are.");
    }
    JsonFields function = tool.requiredObject("function");
    function.rejectUnknown(FUNCTION_FIELDS);
    if (function.bool("strict").orElse(false)) {
      throw JsonFields.unsupported(
          function.path("strict"), "true is not supported; Strata cannot enforce strict tools.");
    }
    JsonNode parameters = function.get("parameters");
    return new ToolSpec(
        function.requiredString("name"),
        function.string("description").orElse(""),
        parameters == null ? emptySchema() : parameters);
  }

  private static ToolChoice choice(JsonNode node, String path) {
    if (node == null) {
      return new ToolChoice.Auto();
    }
    if (node.isTextual()) {
      return switch (node.textValue()) {
        case "auto" -> new ToolChoice.Auto();
        case "none" -> new ToolChoice.None();
        case "required" -> new ToolChoice.Any();
        default ->
            throw JsonFields.invalidValue(
                path,
                "Invalid value: '"
                    + node.textValue()
                    + "'. Supported values are: 'none', 'auto'"
                    + " and 'required', or a named function.");
      };
    }
    JsonFields named = JsonFields.object(node, path);
    named.rejectUnknown(NAMED_CHOICE_FIELDS);
    String type = named.requiredString("type");
    if (!type.equals("function")) {
      throw JsonFields.unsupported(
          named.path("type"), "'" + type + "' is not supported; name a 'function'.");
    }
    JsonFields function = named.requiredObject("function");
    function.rejectUnknown(NAMED_CHOICE_FUNCTION_FIELDS);
    return new ToolChoice.Named(function.requiredString("name"));
  }

  private static ObjectNode emptySchema() {
    ObjectNode schema = JsonNodeFactory.instance.objectNode();
    schema.put("type", "object");
    schema.putObject("properties");
    return schema;
  }
}
