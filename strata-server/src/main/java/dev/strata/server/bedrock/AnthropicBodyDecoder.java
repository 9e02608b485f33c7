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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Decodes the Anthropic Messages body Bedrock's InvokeModel takes for Claude ({@code
 * anthropic_version: bedrock-2023-05-31}) into the canonical request. A {@code cache_control}
 * marker becomes a cache point after its block (or its tool).
 */
final class AnthropicBodyDecoder {
  static final String VERSION = "bedrock-2023-05-31";

  ChatRequest decode(String model, JsonNode body) {
    Fields root = Fields.root(body);
    String version = root.requiredString("anthropic_version");
    if (!version.equals(VERSION)) {
      throw StrataException.invalid(
          "anthropic_version",
          "anthropic_version must be '" + VERSION + "', not '" + version + "'.");
    }
    for (String unsupported : List.of("top_k", "thinking", "anthropic_beta")) {
      if (root.has(unsupported)) {
        throw StrataException.invalid(
            unsupported, unsupported + " is not supported by this gateway.");
      }
    }
    int maxTokens = root.positiveInt("max_tokens").orElseThrow(() -> Fields.missing("max_tokens"));
    List<JsonNode> items = root.requiredArray("messages");
    List<Message> messages = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      Fields message = Fields.object(items.get(i), "messages." + i);
      String role = message.requiredString("role");
      Role parsed =
          switch (role) {
            case "user" -> Role.USER;
            case "assistant" -> Role.ASSISTANT;
            default ->
                throw StrataException.invalid(
                    message.path("role"),
                    "messages." + i + ".role must be 'user' or 'assistant', not '" + role + "'.");
          };
      messages.add(new Message(parsed, content(message, "content")));
    }
    List<ContentBlock> system = root.has("system") ? content(root, "system") : List.of();
    List<String> stops = new ArrayList<>();
    for (JsonNode stop : root.array("stop_sequences").orElse(List.of())) {
      if (!stop.isTextual()) {
        throw Fields.wrongType("stop_sequences", "an array of strings", stop);
      }
      stops.add(stop.textValue());
    }
    InferenceConfig inference =
        new InferenceConfig(
            java.util.OptionalInt.of(maxTokens),
            root.unitNumber("temperature"),
            root.unitNumber("top_p"),
            stops,
            OptionalLong.empty(),
            Optional.empty());
    ChatRequest request =
        new ChatRequest(
            model, system, messages, inference, tools(root), new ResponseFormat.Text(), Map.of());
    request.requireCachePointsWithinLimit();
    return request;
  }

  private static List<ContentBlock> content(Fields parent, String field) {
    JsonNode value = parent.get(field);
    if (value == null) {
      throw Fields.missing(parent.path(field));
    }
    if (value.isTextual()) {
      return List.of(new ContentBlock.Text(value.textValue()));
    }
    if (!value.isArray()) {
      throw Fields.wrongType(parent.path(field), "a string or an array", value);
    }
    List<ContentBlock> blocks = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      Fields block = Fields.object(value.get(i), parent.path(field) + "." + i);
      blocks.add(block(block));
      Optional<Fields> cache = block.object("cache_control");
      if (cache.isPresent()) {
        blocks.add(cachePoint(cache.get()));
      }
    }
    return blocks;
  }

  private static ContentBlock block(Fields block) {
    String type = block.requiredString("type");
    return switch (type) {
      case "text" -> new ContentBlock.Text(block.requiredString("text"));
      case "image" -> {
        Fields source = base64Source(block);
        yield new ContentBlock.Image(source.requiredString("media_type"), data(source), null);
      }
      case "document" -> {
        Fields source = base64Source(block);
        String mediaType = source.requiredString("media_type");
        String format = mediaType.substring(mediaType.indexOf('/') + 1);
        yield new ContentBlock.Document(
            format, block.string("title").orElse("document"), data(source));
      }
      case "tool_use" -> {
        JsonNode input = block.get("input");
        if (input == null) {
          throw Fields.missing(block.path("input"));
        }
        yield new ContentBlock.ToolUse(
            block.requiredString("id"), block.requiredString("name"), input);
      }
      case "tool_result" -> {
        List<ContentBlock> content = block.has("content") ? content(block, "content") : List.of();
        yield new ContentBlock.ToolResult(
            block.requiredString("tool_use_id"), content, block.bool("is_error"));
      }
      default ->
          throw StrataException.invalid(
              block.path("type"),
              "Content block type '" + type + "' is not supported by this gateway.");
    };
  }

  private static Fields base64Source(Fields block) {
    Fields source = block.requiredObject("source");
    String kind = source.requiredString("type");
    if (!kind.equals("base64")) {
      throw StrataException.invalid(
          source.path("type"), "Only base64 sources are supported, not '" + kind + "'.");
    }
    return source;
  }

  private static byte[] data(Fields source) {
    try {
      return Base64.getDecoder().decode(source.requiredString("data"));
    } catch (IllegalArgumentException e) {
      throw StrataException.invalid(source.path("data"), source.path("data") + " is not base64.");
    }
  }

  private static ContentBlock.CachePoint cachePoint(Fields cache) {
    String type = cache.requiredString("type");
    if (!type.equals("ephemeral")) {
      throw StrataException.invalid(
          cache.path("type"), "cache_control.type must be 'ephemeral', not '" + type + "'.");
    }
    String ttl = cache.string("ttl").orElse("5m");
    return new ContentBlock.CachePoint(
        switch (ttl) {
          case "5m" -> ContentBlock.CacheTtl.FIVE_MINUTES;
          case "1h" -> ContentBlock.CacheTtl.ONE_HOUR;
          default ->
              throw StrataException.invalid(
                  cache.path("ttl"), "cache_control.ttl must be '5m' or '1h', not '" + ttl + "'.");
        });
  }

  private static Optional<ToolConfig> tools(Fields root) {
    List<JsonNode> items = root.array("tools").orElse(List.of());
    if (items.isEmpty()) {
      return Optional.empty();
    }
    List<ToolSpec> tools = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      Fields tool = Fields.object(items.get(i), "tools." + i);
      JsonNode schema = tool.get("input_schema");
      if (schema == null) {
        throw Fields.missing(tool.path("input_schema"));
      }
      tools.add(
          new ToolSpec(
              tool.requiredString("name"),
              tool.string("description").orElse(""),
              schema,
              tool.object("cache_control").map(cache -> cachePoint(cache).ttl())));
    }
    ToolChoice choice = new ToolChoice.Auto();
    Optional<Fields> toolChoice = root.object("tool_choice");
    if (toolChoice.isPresent()) {
      String type = toolChoice.get().requiredString("type");
      choice =
          switch (type) {
            case "auto" -> new ToolChoice.Auto();
            case "any" -> new ToolChoice.Any();
            case "none" -> new ToolChoice.None();
            case "tool" -> new ToolChoice.Named(toolChoice.get().requiredString("name"));
            default ->
                throw StrataException.invalid(
                    "tool_choice.type",
                    "tool_choice.type must be one of auto, any, tool, none; not '" + type + "'.");
          };
    }
    return Optional.of(new ToolConfig(tools, choice));
  }
}
