package dev.strata.server.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Decodes a Bedrock Converse request body into the canonical request, refusing what it cannot
 * carry. A {@code cachePoint} becomes a canonical cache point where it stands; in {@code
 * toolConfig.tools} it marks the tool before it.
 */
final class ConverseDecoder {
  private static final int MAX_MESSAGES = 10_000;

  ChatRequest decode(String model, JsonNode body) {
    Fields root = Fields.root(body);
    if (root.has("additionalModelRequestFields")
        && !(root.get("additionalModelRequestFields").isObject()
            && root.get("additionalModelRequestFields").isEmpty())) {
      throw StrataException.invalid(
          "additionalModelRequestFields",
          "additionalModelRequestFields is not supported by this gateway; use inferenceConfig.");
    }
    for (String unsupported :
        List.of(
            "guardrailConfig",
            "promptVariables",
            "additionalModelResponseFieldPaths",
            "performanceConfig",
            "promptRouterConfig")) {
      if (root.has(unsupported)) {
        throw StrataException.invalid(
            unsupported, unsupported + " is not supported by this gateway.");
      }
    }
    List<JsonNode> items = root.array("messages").orElse(List.of());
    if (items.size() > MAX_MESSAGES) {
      throw StrataException.invalid("messages", "Too many messages: at most " + MAX_MESSAGES + ".");
    }
    List<Message> messages = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      messages.add(message(Fields.object(items.get(i), "messages." + i)));
    }
    List<ContentBlock> system = new ArrayList<>();
    List<JsonNode> systemItems = root.array("system").orElse(List.of());
    for (int i = 0; i < systemItems.size(); i++) {
      Fields block = Fields.object(systemItems.get(i), "system." + i);
      String member = block.unionMember();
      system.add(
          switch (member) {
            case "text" -> new ContentBlock.Text(block.requiredString("text"));
            case "cachePoint" -> cachePoint(block.requiredObject("cachePoint"));
            default ->
                throw StrataException.invalid(
                    block.path(member), "System content '" + member + "' is not supported.");
          });
    }
    ChatRequest request =
        new ChatRequest(
            model,
            system,
            messages,
            inference(root.object("inferenceConfig")),
            root.object("toolConfig").map(ConverseDecoder::tools),
            new ResponseFormat.Text(),
            metadata(root.object("requestMetadata")));
    request.requireCachePointsWithinLimit();
    return request;
  }

  private static Message message(Fields message) {
    String role = message.requiredString("role");
    Role parsed =
        switch (role) {
          case "user" -> Role.USER;
          case "assistant" -> Role.ASSISTANT;
          default ->
              throw StrataException.invalid(
                  message.path("role"),
                  "Value '"
                      + role
                      + "' at '"
                      + message.path("role")
                      + "' failed to satisfy constraint: Member must"
                      + " satisfy enum value set: [user, assistant]");
        };
    List<JsonNode> blocks = message.requiredArray("content");
    List<ContentBlock> content = new ArrayList<>(blocks.size());
    for (int i = 0; i < blocks.size(); i++) {
      content.add(block(Fields.object(blocks.get(i), message.path("content") + "." + i)));
    }
    return new Message(parsed, content);
  }

  private static ContentBlock block(Fields block) {
    String member = block.unionMember();
    return switch (member) {
      case "text" -> new ContentBlock.Text(block.requiredString("text"));
      case "image" -> {
        Fields image = block.requiredObject("image");
        String format = image.requiredString("format");
        yield new ContentBlock.Image(
            "image/" + format, bytes(image.requiredObject("source")), null);
      }
      case "document" -> {
        Fields document = block.requiredObject("document");
        yield new ContentBlock.Document(
            document.requiredString("format"),
            document.requiredString("name"),
            bytes(document.requiredObject("source")));
      }
      case "toolUse" -> {
        Fields use = block.requiredObject("toolUse");
        JsonNode input = use.get("input");
        if (input == null) {
          throw Fields.missing(use.path("input"));
        }
        yield new ContentBlock.ToolUse(
            use.requiredString("toolUseId"), use.requiredString("name"), input);
      }
      case "toolResult" -> {
        Fields result = block.requiredObject("toolResult");
        List<JsonNode> parts = result.requiredArray("content");
        List<ContentBlock> content = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
          Fields part = Fields.object(parts.get(i), result.path("content") + "." + i);
          String kind = part.unionMember();
          content.add(
              switch (kind) {
                case "text" -> new ContentBlock.Text(part.requiredString("text"));
                case "json" -> new ContentBlock.Json(part.get("json"));
                case "image", "document" -> block(part);
                default ->
                    throw StrataException.invalid(
                        part.path(kind), "Tool result content '" + kind + "' is not supported.");
              });
        }
        String status = result.string("status").orElse("success");
        if (!status.equals("success") && !status.equals("error")) {
          throw StrataException.invalid(
              result.path("status"),
              "Value '"
                  + status
                  + "' at '"
                  + result.path("status")
                  + "' must be one of [success, error]");
        }
        yield new ContentBlock.ToolResult(
            result.requiredString("toolUseId"), content, status.equals("error"));
      }
      case "cachePoint" -> cachePoint(block.requiredObject("cachePoint"));
      default ->
          throw StrataException.invalid(
              block.path(member),
              "Content block '" + member + "' is not supported by this gateway.");
    };
  }

  static ContentBlock.CachePoint cachePoint(Fields cachePoint) {
    String type = cachePoint.requiredString("type");
    if (!type.equals("default")) {
      throw StrataException.invalid(
          cachePoint.path("type"),
          "Value '" + type + "' at '" + cachePoint.path("type") + "' must be one of [default]");
    }
    String ttl = cachePoint.string("ttl").orElse("5m");
    return new ContentBlock.CachePoint(
        switch (ttl) {
          case "5m" -> ContentBlock.CacheTtl.FIVE_MINUTES;
          case "1h" -> ContentBlock.CacheTtl.ONE_HOUR;
          default ->
              throw StrataException.invalid(
                  cachePoint.path("ttl"),
                  "Value '"
                      + ttl
                      + "' at '"
                      + cachePoint.path("ttl")
                      + "' must be one of [5m, 1h]");
        });
  }

  private static byte[] bytes(Fields source) {
    String encoded = source.requiredString("bytes");
    try {
      return Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      throw StrataException.invalid(
          source.path("bytes"), "Value at '" + source.path("bytes") + "' is not valid base64.");
    }
  }

  private static InferenceConfig inference(Optional<Fields> config) {
    if (config.isEmpty()) {
      return InferenceConfig.DEFAULTS;
    }
    Fields c = config.get();
    List<String> stops = new ArrayList<>();
    List<JsonNode> items = c.array("stopSequences").orElse(List.of());
    for (int i = 0; i < items.size(); i++) {
      if (!items.get(i).isTextual()) {
        throw Fields.wrongType(c.path("stopSequences") + "." + i, "a string", items.get(i));
      }
      stops.add(items.get(i).textValue());
    }
    return new InferenceConfig(
        c.positiveInt("maxTokens"),
        c.unitNumber("temperature"),
        c.unitNumber("topP"),
        stops,
        OptionalLong.empty(),
        Optional.empty());
  }

  private static ToolConfig tools(Fields config) {
    List<JsonNode> items = config.requiredArray("tools");
    List<ToolSpec> tools = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      Fields tool = Fields.object(items.get(i), config.path("tools") + "." + i);
      String member = tool.unionMember();
      switch (member) {
        case "toolSpec" -> {
          Fields spec = tool.requiredObject("toolSpec");
          JsonNode schema = spec.requiredObject("inputSchema").get("json");
          if (schema == null) {
            throw Fields.missing(spec.path("inputSchema.json"));
          }
          tools.add(
              new ToolSpec(
                  spec.requiredString("name"), spec.string("description").orElse(""), schema));
        }
        case "cachePoint" -> {
          ContentBlock.CachePoint point = cachePoint(tool.requiredObject("cachePoint"));
          if (tools.isEmpty() || tools.getLast().cachePointAfter().isPresent()) {
            throw StrataException.invalid(
                tool.path(member),
                "A cachePoint in toolConfig.tools must follow a toolSpec, at '"
                    + tool.path(member)
                    + "'.");
          }
          tools.set(tools.size() - 1, tools.getLast().withCachePointAfter(point.ttl()));
        }
        default ->
            throw StrataException.invalid(
                tool.path(member), "Tool '" + member + "' is not supported by this gateway.");
      }
    }
    ToolChoice choice = new ToolChoice.Auto();
    Optional<Fields> toolChoice = config.object("toolChoice");
    if (toolChoice.isPresent()) {
      String member = toolChoice.get().unionMember();
      choice =
          switch (member.toLowerCase(Locale.ROOT)) {
            case "auto" -> new ToolChoice.Auto();
            case "any" -> new ToolChoice.Any();
            case "tool" ->
                new ToolChoice.Named(
                    toolChoice.get().requiredObject(member).requiredString("name"));
            default ->
                throw StrataException.invalid(
                    toolChoice.get().path(member),
                    "Tool choice '" + member + "' is not one of [auto, any, tool].");
          };
    }
    return new ToolConfig(tools, choice);
  }

  private static Map<String, String> metadata(Optional<Fields> metadata) {
    Map<String, String> result = new LinkedHashMap<>();
    metadata.ifPresent(
        fields ->
            fields
                .entries()
                .forEach(
                    entry -> {
                      if (!entry.getValue().isTextual()) {
                        throw Fields.wrongType(
                            fields.path(entry.getKey()), "a string", entry.getValue());
                      }
                      result.put(entry.getKey(), entry.getValue().textValue());
                    }));
    return result;
  }
}
