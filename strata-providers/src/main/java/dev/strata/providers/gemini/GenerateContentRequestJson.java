package dev.strata.providers.gemini;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.InferenceConfig;
import dev.strata.core.model.Message;
import dev.strata.core.model.ResponseFormat;
import dev.strata.core.model.Role;
import dev.strata.core.model.ToolChoice;
import dev.strata.core.model.ToolConfig;
import dev.strata.core.model.ToolSpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a canonical request as a Gemini {@code GenerateContentRequest}. Cache points (in the prompt
 * and after tools) are dropped, never refused: Gemini caches prompt prefixes implicitly and reports
 * the hits as {@code cachedContentTokenCount}. Schemas (tool parameters, JSON
 * answers) are JSON Schema, so they go in {@code parametersJsonSchema} and {@code
 * responseJsonSchema}, which take it as is. A tool result names its function, which Gemini needs;
 * it is found through the tool use it answers.
 */
final class GenerateContentRequestJson {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private static final Map<String, String> DOCUMENT_TYPES =
      Map.of(
          "pdf", "application/pdf",
          "txt", "text/plain",
          "csv", "text/csv",
          "md", "text/md",
          "html", "text/html");

  private GenerateContentRequestJson() {}

  static ObjectNode body(ChatRequest request) {
    ObjectNode root = JSON.objectNode();
    Map<String, String> toolNames = new HashMap<>();
    ArrayNode contents = root.putArray("contents");
    for (Message message : request.messages()) {
      ArrayNode parts = JSON.arrayNode();
      for (ContentBlock block : message.content()) {
        part(block, toolNames).ifPresent(parts::add);
      }
      if (!parts.isEmpty()) {
        contents
            .addObject()
            .put("role", message.role() == Role.USER ? "user" : "model")
            .set("parts", parts);
      }
    }
    String system = systemText(request.system());
    if (!system.isEmpty()) {
      root.putObject("systemInstruction").putArray("parts").addObject().put("text", system);
    }
    ObjectNode generation = generationConfig(request.inference(), request.responseFormat());
    if (!generation.isEmpty()) {
      root.set("generationConfig", generation);
    }
    request.tools().ifPresent(tools -> tools(tools, root));
    return root;
  }

  private static Optional<ObjectNode> part(ContentBlock block, Map<String, String> toolNames) {
    ObjectNode part = JSON.objectNode();
    switch (block) {
      case ContentBlock.Text text -> part.put("text", text.text());
      case ContentBlock.Json json -> part.put("text", json.value().toString());
      case ContentBlock.CachePoint point -> {
        return Optional.empty();
      }
      case ContentBlock.Image image -> {
        if (image.isInline()) {
          part.putObject("inlineData")
              .put("mimeType", image.mediaType())
              .put("data", Base64.getEncoder().encodeToString(image.data()));
        } else {
          ObjectNode file = part.putObject("fileData").put("fileUri", image.url());
          if (image.mediaType() != null) {
            file.put("mimeType", image.mediaType());
          }
        }
      }
      case ContentBlock.Document document -> {
        String type = DOCUMENT_TYPES.get(document.format().toLowerCase(Locale.ROOT));
        if (type == null) {
          throw StrataException.invalid(
              "messages.content",
              "Gemini models read pdf, txt, csv, md and html documents, not '"
                  + document.format()
                  + "'");
        }
        part.putObject("inlineData")
            .put("mimeType", type)
            .put("data", Base64.getEncoder().encodeToString(document.data()));
      }
      case ContentBlock.ToolUse use -> {
        toolNames.put(use.id(), use.name());
        part.putObject("functionCall").put("name", use.name()).set("args", use.input());
      }
      case ContentBlock.ToolResult result -> {
        String name = toolNames.get(result.toolUseId());
        if (name == null) {
          throw StrataException.invalid(
              "messages.content",
              "the tool result for '"
                  + result.toolUseId()
                  + "' answers no tool use of the conversation; Gemini needs the function's name");
        }
        part.putObject("functionResponse").put("name", name).set("response", response(result));
      }
    }
    return Optional.of(part);
  }

  /** A function response is a JSON object: the result's own object, or its text as output. */
  private static ObjectNode response(ContentBlock.ToolResult result) {
    List<ContentBlock> content = result.content();
    if (!result.isError()
        && content.size() == 1
        && content.get(0) instanceof ContentBlock.Json json
        && json.value().isObject()) {
      return (ObjectNode) json.value();
    }
    StringBuilder text = new StringBuilder();
    for (ContentBlock block : content) {
      switch (block) {
        case ContentBlock.Text t -> text.append(t.text());
        case ContentBlock.Json j -> text.append(j.value().toString());
        default -> {}
      }
    }
    return JSON.objectNode().put(result.isError() ? "error" : "output", text.toString());
  }

  private static String systemText(List<ContentBlock> system) {
    StringBuilder text = new StringBuilder();
    for (ContentBlock block : system) {
      String piece =
          switch (block) {
            case ContentBlock.Text t -> t.text();
            case ContentBlock.Json j -> j.value().toString();
            default -> "";
          };
      if (!piece.isEmpty()) {
        text.append(text.isEmpty() ? "" : "\n\n").append(piece);
      }
    }
    return text.toString();
  }

  private static ObjectNode generationConfig(InferenceConfig inference, ResponseFormat format) {
    ObjectNode config = JSON.objectNode();
    inference.maxTokens().ifPresent(value -> config.put("maxOutputTokens", value));
    inference.temperature().ifPresent(value -> config.put("temperature", value));
    inference.topP().ifPresent(value -> config.put("topP", value));
    if (!inference.stopSequences().isEmpty()) {
      ArrayNode stops = config.putArray("stopSequences");
      inference.stopSequences().forEach(stops::add);
    }
    inference.seed().ifPresent(value -> config.put("seed", value));
    switch (format) {
      case ResponseFormat.Text text -> {}
      case ResponseFormat.JsonObject object -> config.put("responseMimeType", "application/json");
      case ResponseFormat.JsonSchema schema -> {
        config.put("responseMimeType", "application/json");
        config.set("responseJsonSchema", schema.schema());
      }
    }
    return config;
  }

  private static void tools(ToolConfig config, ObjectNode root) {
    ArrayNode declarations = root.putArray("tools").addObject().putArray("functionDeclarations");
    for (ToolSpec spec : config.tools()) {
      ObjectNode declaration = declarations.addObject().put("name", spec.name());
      if (!spec.description().isEmpty()) {
        declaration.put("description", spec.description());
      }
      declaration.set("parametersJsonSchema", spec.inputSchema());
    }
    ObjectNode calling = root.putObject("toolConfig").putObject("functionCallingConfig");
    switch (config.choice()) {
      case ToolChoice.Auto auto -> calling.put("mode", "AUTO");
      case ToolChoice.Any any -> calling.put("mode", "ANY");
      case ToolChoice.None none -> calling.put("mode", "NONE");
      case ToolChoice.Named named -> {
        calling.put("mode", "ANY");
        calling.putArray("allowedFunctionNames").add(named.name());
      }
    }
  }
}
