package dev.strata.providers.bedrock;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.core.error.StrataException;
import dev.strata.core.json.JsonMappers;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.InferenceConfig;
import dev.strata.core.model.Message;
import dev.strata.core.model.ResponseFormat;
import dev.strata.core.model.Role;
import dev.strata.core.model.ToolChoice;
import dev.strata.core.model.ToolConfig;
import dev.strata.core.model.ToolSpec;
import dev.strata.core.provider.ModelCall;
import java.util.Base64;
import java.util.Locale;

/**
 * Writes a canonical request as the body of Bedrock's Converse and ConverseStream calls (the same
 * body for both; the model id goes in the path). Cache points become {@code cachePoint} blocks
 * where they stand (system, messages, and after a tool in {@code toolConfig.tools}); more than
 * {@link ContentBlock.CachePoint#MAX_PER_REQUEST} is refused, as Bedrock would. Converse has no
 * JSON mode, so a response format other than text is refused rather than silently ignored.
 */
final class ConverseRequestJson {
  private static final ObjectMapper MAPPER = JsonMappers.create();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ConverseRequestJson() {}

  /** The request body, as bytes to sign and send. */
  static byte[] body(ModelCall call) {
    try {
      return MAPPER.writeValueAsBytes(json(call));
    } catch (JsonProcessingException e) {
      throw StrataException.internal("a Bedrock request body cannot be written", e);
    }
  }

  static ObjectNode json(ModelCall call) {
    requireNonNull(call, "call");
    ChatRequest request = call.request();
    if (!(request.responseFormat() instanceof ResponseFormat.Text)) {
      throw StrataException.invalid(
          "response_format",
          "Bedrock's Converse API has no JSON mode; ask for JSON in the prompt or use a tool"
              + " with an input schema instead");
    }
    request.requireCachePointsWithinLimit();
    ObjectNode root = NODES.objectNode();
    ArrayNode messages = root.putArray("messages");
    for (Message message : request.messages()) {
      messages.add(message(message));
    }
    if (!request.system().isEmpty()) {
      ArrayNode system = root.putArray("system");
      for (ContentBlock block : request.system()) {
        system.add(systemBlock(block));
      }
    }
    root.set("inferenceConfig", inference(request.inference()));
    request.tools().ifPresent(tools -> root.set("toolConfig", tools(tools)));
    return root;
  }

  private static ObjectNode systemBlock(ContentBlock block) {
    return switch (block) {
      case ContentBlock.Text text -> NODES.objectNode().put("text", text.text());
      case ContentBlock.CachePoint point -> cachePointBlock(point);
      default ->
          throw StrataException.invalid(
              "system", "Bedrock accepts only text and cache points in the system prompt");
    };
  }

  private static ObjectNode message(Message message) {
    ObjectNode json = NODES.objectNode();
    json.put("role", message.role() == Role.USER ? "user" : "assistant");
    ArrayNode content = json.putArray("content");
    for (ContentBlock block : message.content()) {
      content.add(block(block));
    }
    return json;
  }

  private static ObjectNode block(ContentBlock block) {
    ObjectNode json = NODES.objectNode();
    switch (block) {
      case ContentBlock.Text text -> json.put("text", text.text());
      case ContentBlock.Image image -> json.set("image", image(image));
      case ContentBlock.Document document -> {
        ObjectNode doc = json.putObject("document");
        doc.put("format", document.format().toLowerCase(Locale.ROOT));
        doc.put("name", document.name());
        doc.putObject("source").put("bytes", base64(document.data()));
      }
      case ContentBlock.ToolUse use -> {
        ObjectNode toolUse = json.putObject("toolUse");
        toolUse.put("toolUseId", use.id());
        toolUse.put("name", use.name());
        toolUse.set("input", use.input());
      }
      case ContentBlock.ToolResult result -> json.set("toolResult", toolResult(result));
      case ContentBlock.Json value -> json.put("text", value.value().toString());
      case ContentBlock.CachePoint point -> json.set("cachePoint", cachePoint(point));
    }
    return json;
  }

  private static ObjectNode image(ContentBlock.Image image) {
    if (!image.isInline()) {
      throw StrataException.invalid(
          "messages", "Bedrock does not fetch images by URL; send the image bytes inline");
    }
    String mediaType = image.mediaType().toLowerCase(Locale.ROOT);
    String format = mediaType.startsWith("image/") ? mediaType.substring(6) : mediaType;
    ObjectNode json = NODES.objectNode();
    json.put("format", format.equals("jpg") ? "jpeg" : format);
    json.putObject("source").put("bytes", base64(image.data()));
    return json;
  }

  private static ObjectNode toolResult(ContentBlock.ToolResult result) {
    ObjectNode json = NODES.objectNode();
    json.put("toolUseId", result.toolUseId());
    ArrayNode content = json.putArray("content");
    for (ContentBlock part : result.content()) {
      switch (part) {
        case ContentBlock.Text text -> content.addObject().put("text", text.text());
        case ContentBlock.Json value -> content.addObject().set("json", value.value());
        default ->
            throw StrataException.invalid(
                "messages", "a tool result sent to Bedrock may hold only text and JSON");
      }
    }
    json.put("status", result.isError() ? "error" : "success");
    return json;
  }

  private static ObjectNode cachePointBlock(ContentBlock.CachePoint point) {
    ObjectNode json = NODES.objectNode();
    json.set("cachePoint", cachePoint(point));
    return json;
  }

  private static ObjectNode cachePoint(ContentBlock.CachePoint point) {
    ObjectNode json = NODES.objectNode().put("type", "default");
    if (point.ttl() == ContentBlock.CacheTtl.ONE_HOUR) {
      json.put("ttl", "1h");
    }
    return json;
  }

  /** Sampling settings as Bedrock's floats; the object is sent even when empty, as the SDK did. */
  private static ObjectNode inference(InferenceConfig config) {
    ObjectNode json = NODES.objectNode();
    config.maxTokens().ifPresent(tokens -> json.put("maxTokens", tokens));
    config.temperature().ifPresent(t -> json.put("temperature", (float) t));
    config.topP().ifPresent(p -> json.put("topP", (float) p));
    if (!config.stopSequences().isEmpty()) {
      ArrayNode stops = json.putArray("stopSequences");
      config.stopSequences().forEach(stops::add);
    }
    return json;
  }

  /** Converse has no "none" choice: the tools are still described and the model decides. */
  private static ObjectNode tools(ToolConfig config) {
    ObjectNode json = NODES.objectNode();
    ArrayNode tools = json.putArray("tools");
    for (ToolSpec spec : config.tools()) {
      ObjectNode toolSpec = tools.addObject().putObject("toolSpec");
      toolSpec.put("name", spec.name());
      if (!spec.description().isEmpty()) {
        toolSpec.put("description", spec.description());
      }
      toolSpec.putObject("inputSchema").set("json", spec.inputSchema());
      spec.cachePointAfter()
          .map(ContentBlock.CachePoint::new)
          .ifPresent(point -> tools.add(cachePointBlock(point)));
    }
    switch (config.choice()) {
      case ToolChoice.Auto auto -> json.putObject("toolChoice").putObject("auto");
      case ToolChoice.Any any -> json.putObject("toolChoice").putObject("any");
      case ToolChoice.Named named ->
          json.putObject("toolChoice").putObject("tool").put("name", named.name());
      case ToolChoice.None none -> {}
    }
    return json;
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
