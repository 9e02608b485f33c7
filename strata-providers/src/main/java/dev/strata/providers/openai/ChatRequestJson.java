package dev.strata.providers.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.InferenceConfig;
import dev.strata.core.model.Message;
import dev.strata.core.model.ResponseFormat;
import dev.strata.core.model.ToolChoice;
import dev.strata.core.model.ToolConfig;
import dev.strata.core.model.ToolSpec;
import dev.strata.core.provider.ModelCall;
import dev.strata.providers.openai.OpenAiProviderConfig.MaxTokensField;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Writes a canonical request as an OpenAI chat-completions body. Cache points (in the prompt and
 * after tools) are dropped, never refused: OpenAI and most compatible servers cache prompt prefixes
 * on their own, report the hits as {@code cached_tokens}, and reject unknown fields. Tool
 * results become {@code tool} messages, placed before the rest of their user turn so that they
 * directly follow the assistant's {@code tool_calls}. Documents have no OpenAI form and are
 * refused.
 */
final class ChatRequestJson {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private ChatRequestJson() {}

  static ObjectNode body(ModelCall call, boolean stream, MaxTokensField maxTokensField) {
    ChatRequest request = call.request();
    ObjectNode root = JSON.objectNode().put("model", call.upstreamModel());
    ArrayNode messages = root.putArray("messages");
    system(request.system(), messages);
    for (Message message : request.messages()) {
      switch (message.role()) {
        case USER -> user(message.content(), messages);
        case ASSISTANT -> assistant(message.content(), messages);
      }
    }
    inference(request.inference(), maxTokensField, root);
    request.tools().ifPresent(tools -> tools(tools, root));
    responseFormat(request.responseFormat(), root);
    if (stream) {
      root.put("stream", true);
      root.putObject("stream_options").put("include_usage", true);
    }
    return root;
  }

  private static void system(List<ContentBlock> blocks, ArrayNode messages) {
    List<String> texts = new ArrayList<>();
    for (ContentBlock block : blocks) {
      switch (block) {
        case ContentBlock.Text text -> texts.add(text.text());
        case ContentBlock.CachePoint point -> {}
        case ContentBlock.Json json -> texts.add(json.value().toString());
        case ContentBlock.Document document -> throw documentsUnsupported();
        default ->
            throw StrataException.invalid(
                "system", "the system prompt can only hold text for OpenAI-compatible upstreams");
      }
    }
    if (!texts.isEmpty()) {
      messages.addObject().put("role", "system").put("content", String.join("\n\n", texts));
    }
  }

  private static void user(List<ContentBlock> blocks, ArrayNode messages) {
    List<ContentBlock> parts = new ArrayList<>();
    boolean hasToolResults = false;
    for (ContentBlock block : blocks) {
      switch (block) {
        case ContentBlock.Text text -> parts.add(text);
        case ContentBlock.Image image -> parts.add(image);
        case ContentBlock.Json json -> parts.add(new ContentBlock.Text(json.value().toString()));
        case ContentBlock.ToolResult result -> {
          messages.add(toolMessage(result));
          hasToolResults = true;
        }
        case ContentBlock.CachePoint point -> {}
        case ContentBlock.Document document -> throw documentsUnsupported();
        case ContentBlock.ToolUse use ->
            throw StrataException.invalid("messages", "a user message cannot contain a tool use");
      }
    }
    if (!parts.isEmpty() || !hasToolResults) {
      ObjectNode message = messages.addObject().put("role", "user");
      content(parts, message);
    }
  }

  private static void assistant(List<ContentBlock> blocks, ArrayNode messages) {
    StringBuilder text = new StringBuilder();
    ArrayNode toolCalls = JSON.arrayNode();
    for (ContentBlock block : blocks) {
      switch (block) {
        case ContentBlock.Text t -> text.append(t.text());
        case ContentBlock.Json json -> text.append(json.value().toString());
        case ContentBlock.ToolUse use -> {
          ObjectNode call = toolCalls.addObject().put("id", use.id()).put("type", "function");
          call.putObject("function")
              .put("name", use.name())
              .put("arguments", use.input().toString());
        }
        case ContentBlock.CachePoint point -> {}
        case ContentBlock.Document document -> throw documentsUnsupported();
        case ContentBlock.Image image ->
            throw StrataException.invalid(
                "messages",
                "an assistant message cannot contain images for OpenAI-compatible upstreams");
        case ContentBlock.ToolResult result ->
            throw StrataException.invalid(
                "messages", "an assistant message cannot contain a tool result");
      }
    }
    ObjectNode message = messages.addObject().put("role", "assistant");
    if (text.isEmpty() && !toolCalls.isEmpty()) {
      message.putNull("content");
    } else {
      message.put("content", text.toString());
    }
    if (!toolCalls.isEmpty()) {
      message.set("tool_calls", toolCalls);
    }
  }

  private static ObjectNode toolMessage(ContentBlock.ToolResult result) {
    StringBuilder text = new StringBuilder();
    for (ContentBlock block : result.content()) {
      switch (block) {
        case ContentBlock.Text t -> text.append(t.text());
        case ContentBlock.Json json -> text.append(json.value().toString());
        case ContentBlock.CachePoint point -> {}
        case ContentBlock.Document document -> throw documentsUnsupported();
        default ->
            throw StrataException.invalid(
                "messages",
                "a tool result can only hold text or JSON for OpenAI-compatible upstreams");
      }
    }
    return JSON.objectNode()
        .put("role", "tool")
        .put("tool_call_id", result.toolUseId())
        .put("content", text.toString());
  }

  /** Text alone is sent as a string, which every compatible server accepts; images need parts. */
  private static void content(List<ContentBlock> parts, ObjectNode message) {
    if (parts.stream().allMatch(ContentBlock.Text.class::isInstance)) {
      StringBuilder text = new StringBuilder();
      parts.forEach(part -> text.append(((ContentBlock.Text) part).text()));
      message.put("content", text.toString());
      return;
    }
    ArrayNode array = message.putArray("content");
    for (ContentBlock part : parts) {
      switch (part) {
        case ContentBlock.Text text ->
            array.addObject().put("type", "text").put("text", text.text());
        case ContentBlock.Image image ->
            array
                .addObject()
                .put("type", "image_url")
                .putObject("image_url")
                .put("url", url(image));
        default -> throw new IllegalStateException("not a content part: " + part);
      }
    }
  }

  private static String url(ContentBlock.Image image) {
    if (!image.isInline()) {
      return image.url();
    }
    return "data:"
        + image.mediaType()
        + ";base64,"
        + Base64.getEncoder().encodeToString(image.data());
  }

  private static void inference(InferenceConfig inference, MaxTokensField field, ObjectNode root) {
    inference.maxTokens().ifPresent(tokens -> root.put(field.jsonName(), tokens));
    inference.temperature().ifPresent(value -> root.put("temperature", value));
    inference.topP().ifPresent(value -> root.put("top_p", value));
    if (!inference.stopSequences().isEmpty()) {
      ArrayNode stop = root.putArray("stop");
      inference.stopSequences().forEach(stop::add);
    }
    inference.seed().ifPresent(seed -> root.put("seed", seed));
    inference.user().ifPresent(user -> root.put("user", user));
  }

  private static void tools(ToolConfig config, ObjectNode root) {
    if (config.tools().isEmpty()) {
      return; // OpenAI refuses an empty tools array, and tool_choice without tools.
    }
    ArrayNode tools = root.putArray("tools");
    for (ToolSpec spec : config.tools()) {
      ObjectNode function = tools.addObject().put("type", "function").putObject("function");
      function.put("name", spec.name());
      if (!spec.description().isEmpty()) {
        function.put("description", spec.description());
      }
      function.set("parameters", spec.inputSchema());
    }
    switch (config.choice()) {
      case ToolChoice.Auto auto -> root.put("tool_choice", "auto");
      case ToolChoice.Any any -> root.put("tool_choice", "required");
      case ToolChoice.None none -> root.put("tool_choice", "none");
      case ToolChoice.Named named -> {
        ObjectNode choice = root.putObject("tool_choice").put("type", "function");
        choice.putObject("function").put("name", named.name());
      }
    }
  }

  private static void responseFormat(ResponseFormat format, ObjectNode root) {
    switch (format) {
      case ResponseFormat.Text text -> {}
      case ResponseFormat.JsonObject object ->
          root.putObject("response_format").put("type", "json_object");
      case ResponseFormat.JsonSchema schema -> {
        ObjectNode jsonSchema =
            root.putObject("response_format").put("type", "json_schema").putObject("json_schema");
        jsonSchema.put("name", schema.name());
        jsonSchema.set("schema", schema.schema());
        jsonSchema.put("strict", schema.strict());
      }
    }
  }

  private static StrataException documentsUnsupported() {
    return StrataException.invalid(
        "messages", "documents are not supported by OpenAI-compatible upstreams");
  }
}
