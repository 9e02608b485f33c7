package dev.strata.providers.anthropic;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.InferenceConfig;
import dev.strata.core.model.Message;
import dev.strata.core.model.ToolChoice;
import dev.strata.core.model.ToolConfig;
import dev.strata.core.model.ToolSpec;
import dev.strata.core.provider.ModelCall;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a canonical request as an Anthropic Messages body. A cache point becomes {@code
 * cache_control: {type: ephemeral, ttl}} on the block before it in Anthropic's prompt order (tools,
 * then system, then messages); a tool's cache point goes on that tool. A cache point with nothing
 * before it marks nothing and is dropped. More than {@link ContentBlock.CachePoint#MAX_PER_REQUEST}
 * cache points is refused as invalid, as Anthropic itself would. The response format has no
 * Messages form and is left to the prompt; the seed has none either.
 */
final class MessagesRequestJson {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** Document formats Anthropic reads as plain text, with the media type it expects. */
  private static final Map<String, String> TEXT_DOCUMENTS =
      Map.of("txt", "text/plain", "csv", "text/plain", "md", "text/plain", "html", "text/plain");

  private MessagesRequestJson() {}

  static ObjectNode body(ModelCall call, boolean stream, int defaultMaxTokens) {
    ChatRequest request = call.request();
    int cachePoints = request.cachePointCount();
    if (cachePoints > ContentBlock.CachePoint.MAX_PER_REQUEST) {
      throw StrataException.invalid(
          "cache_control",
          "A maximum of "
              + ContentBlock.CachePoint.MAX_PER_REQUEST
              + " blocks with cache_control may be provided. Found "
              + cachePoints
              + ".");
    }
    ObjectNode root = JSON.objectNode().put("model", call.upstreamModel());
    InferenceConfig inference = request.inference();
    root.put("max_tokens", inference.maxTokens().orElse(defaultMaxTokens));
    ArrayNode tools = request.tools().map(MessagesRequestJson::tools).orElse(JSON.arrayNode());
    ArrayNode system = blocks(request.system(), "system", tools);
    if (!system.isEmpty()) {
      root.set("system", system);
    }
    ArrayNode messages = root.putArray("messages");
    ArrayNode before = system;
    for (Message message : request.messages()) {
      ArrayNode content = blocks(message.content(), "messages.content", before);
      messages
          .addObject()
          .put("role", message.role().name().toLowerCase(Locale.ROOT))
          .set("content", content);
      if (!content.isEmpty()) {
        before = content;
      }
    }
    inference.temperature().ifPresent(value -> root.put("temperature", value));
    inference.topP().ifPresent(value -> root.put("top_p", value));
    if (!inference.stopSequences().isEmpty()) {
      ArrayNode stops = root.putArray("stop_sequences");
      inference.stopSequences().forEach(stops::add);
    }
    inference.user().ifPresent(user -> root.putObject("metadata").put("user_id", user));
    request
        .tools()
        .ifPresent(
            config -> {
              root.set("tools", tools);
              root.set("tool_choice", toolChoice(config.choice()));
            });
    if (stream) {
      root.put("stream", true);
    }
    return root;
  }

  /**
   * Content blocks in Anthropic's form. A cache point marks the block written before it; one that
   * opens its list marks the last block of {@code before} (the previous message, the system, or the
   * tools), which ends the same prompt prefix.
   */
  static ArrayNode blocks(List<ContentBlock> content, String where, ArrayNode before) {
    ArrayNode out = JSON.arrayNode();
    for (ContentBlock block : content) {
      switch (block) {
        case ContentBlock.CachePoint point -> {
          ArrayNode marked = out.isEmpty() ? before : out;
          if (!marked.isEmpty()) {
            ((ObjectNode) marked.get(marked.size() - 1)).set("cache_control", cacheControl(point));
          }
        }
        default -> out.add(block(block, where));
      }
    }
    return out;
  }

  static ObjectNode cacheControl(ContentBlock.CachePoint point) {
    return JSON.objectNode()
        .put("type", "ephemeral")
        .put("ttl", point.ttl() == ContentBlock.CacheTtl.ONE_HOUR ? "1h" : "5m");
  }

  private static ObjectNode block(ContentBlock block, String where) {
    return switch (block) {
      case ContentBlock.Text text -> text(text.text());
      case ContentBlock.Json json -> text(json.value().toString());
      case ContentBlock.Image image -> image(image);
      case ContentBlock.Document document -> document(document, where);
      case ContentBlock.ToolUse use ->
          JSON.objectNode()
              .put("type", "tool_use")
              .put("id", use.id())
              .put("name", use.name())
              .set("input", use.input());
      case ContentBlock.ToolResult result -> toolResult(result, where);
      case ContentBlock.CachePoint point ->
          throw new IllegalStateException("cache points are handled by blocks()");
    };
  }

  private static ObjectNode text(String text) {
    return JSON.objectNode().put("type", "text").put("text", text);
  }

  private static ObjectNode image(ContentBlock.Image image) {
    ObjectNode source = JSON.objectNode();
    if (image.isInline()) {
      source
          .put("type", "base64")
          .put("media_type", image.mediaType())
          .put("data", Base64.getEncoder().encodeToString(image.data()));
    } else {
      source.put("type", "url").put("url", image.url());
    }
    ObjectNode json = JSON.objectNode().put("type", "image");
    json.set("source", source);
    return json;
  }

  private static ObjectNode document(ContentBlock.Document document, String where) {
    String format = document.format().toLowerCase(Locale.ROOT);
    ObjectNode source = JSON.objectNode();
    if (format.equals("pdf")) {
      source
          .put("type", "base64")
          .put("media_type", "application/pdf")
          .put("data", Base64.getEncoder().encodeToString(document.data()));
    } else if (TEXT_DOCUMENTS.containsKey(format)) {
      source
          .put("type", "text")
          .put("media_type", TEXT_DOCUMENTS.get(format))
          .put("data", new String(document.data(), StandardCharsets.UTF_8));
    } else {
      throw StrataException.invalid(
          where,
          "Anthropic models read pdf, txt, csv, md and html documents, not '"
              + document.format()
              + "'");
    }
    ObjectNode json = JSON.objectNode().put("type", "document");
    json.set("source", source);
    return json.put("title", document.name());
  }

  private static ObjectNode toolResult(ContentBlock.ToolResult result, String where) {
    ObjectNode json =
        JSON.objectNode().put("type", "tool_result").put("tool_use_id", result.toolUseId());
    json.set("content", blocks(result.content(), where, JSON.arrayNode()));
    if (result.isError()) {
      json.put("is_error", true);
    }
    return json;
  }

  /** The tools; a tool followed by a cache point carries the {@code cache_control}. */
  private static ArrayNode tools(ToolConfig config) {
    ArrayNode tools = JSON.arrayNode();
    for (ToolSpec spec : config.tools()) {
      ObjectNode tool = tools.addObject().put("name", spec.name());
      if (!spec.description().isEmpty()) {
        tool.put("description", spec.description());
      }
      tool.set("input_schema", spec.inputSchema());
      spec.cachePointAfter()
          .ifPresent(
              ttl -> tool.set("cache_control", cacheControl(new ContentBlock.CachePoint(ttl))));
    }
    return tools;
  }

  private static ObjectNode toolChoice(ToolChoice toolChoice) {
    ObjectNode choice = JSON.objectNode();
    switch (toolChoice) {
      case ToolChoice.Auto auto -> choice.put("type", "auto");
      case ToolChoice.Any any -> choice.put("type", "any");
      case ToolChoice.None none -> choice.put("type", "none");
      case ToolChoice.Named named -> choice.put("type", "tool").put("name", named.name());
    }
    return choice;
  }
}
