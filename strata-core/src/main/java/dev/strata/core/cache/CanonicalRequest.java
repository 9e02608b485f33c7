package dev.strata.core.cache;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.json.JsonMappers;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.InferenceConfig;
import dev.strata.core.model.Message;
import dev.strata.core.model.ResponseFormat;
import dev.strata.core.model.ToolChoice;
import dev.strata.core.model.ToolConfig;
import dev.strata.core.model.ToolSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The stable JSON encoding of what decides a chat answer — model, system, messages, sampling
 * settings, tools, tool choice and response format — with object keys sorted and binary content
 * hashed, and its SHA-256. Request metadata, the end-user id and prompt-cache points are left
 * out: they do not change the answer.
 */
final class CanonicalRequest {
  private static final JsonFactory JSON = JsonMappers.factory();

  private CanonicalRequest() {}

  /** The SHA-256 (hex) of the whole request's canonical encoding. */
  static String digest(ChatRequest request) {
    return sha256(
        json -> {
          json.writeStartObject();
          json.writeStringField("model", request.model());
          json.writeFieldName("system");
          blocks(json, request.system());
          json.writeArrayFieldStart("messages");
          for (Message message : request.messages()) {
            json.writeStartObject();
            json.writeStringField("role", message.role().name());
            json.writeFieldName("content");
            blocks(json, message.content());
            json.writeEndObject();
          }
          json.writeEndArray();
          parameters(json, request);
          json.writeEndObject();
        });
  }

  /** The SHA-256 (hex) of the system prompt and parameters alone: what a semantic scope shares. */
  static String settingsDigest(ChatRequest request) {
    return sha256(
        json -> {
          json.writeStartObject();
          json.writeFieldName("system");
          blocks(json, request.system());
          parameters(json, request);
          json.writeEndObject();
        });
  }

  private static void parameters(JsonGenerator json, ChatRequest request) throws IOException {
    InferenceConfig inference = request.inference();
    json.writeObjectFieldStart("inference");
    if (inference.maxTokens().isPresent()) {
      json.writeNumberField("max_tokens", inference.maxTokens().getAsInt());
    }
    if (inference.temperature().isPresent()) {
      json.writeNumberField("temperature", inference.temperature().getAsDouble());
    }
    if (inference.topP().isPresent()) {
      json.writeNumberField("top_p", inference.topP().getAsDouble());
    }
    if (inference.seed().isPresent()) {
      json.writeNumberField("seed", inference.seed().getAsLong());
    }
    json.writeArrayFieldStart("stop");
    for (String stop : inference.stopSequences()) {
      json.writeString(stop);
    }
    json.writeEndArray();
    json.writeEndObject();
    if (request.tools().isPresent()) {
      tools(json, request.tools().get());
    }
    json.writeFieldName("response_format");
    switch (request.responseFormat()) {
      case ResponseFormat.Text text -> json.writeString("text");
      case ResponseFormat.JsonObject object -> json.writeString("json_object");
      case ResponseFormat.JsonSchema schema -> {
        json.writeStartObject();
        json.writeStringField("name", schema.name());
        json.writeBooleanField("strict", schema.strict());
        json.writeFieldName("schema");
        node(json, schema.schema());
        json.writeEndObject();
      }
    }
  }

  private static void tools(JsonGenerator json, ToolConfig tools) throws IOException {
    json.writeArrayFieldStart("tools");
    for (ToolSpec tool : tools.tools()) {
      json.writeStartObject();
      json.writeStringField("name", tool.name());
      json.writeStringField("description", tool.description());
      json.writeFieldName("input_schema");
      node(json, tool.inputSchema());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeFieldName("tool_choice");
    switch (tools.choice()) {
      case ToolChoice.Auto auto -> json.writeString("auto");
      case ToolChoice.Any any -> json.writeString("any");
      case ToolChoice.None none -> json.writeString("none");
      case ToolChoice.Named named -> json.writeString("tool:" + named.name());
    }
  }

  private static void blocks(JsonGenerator json, List<ContentBlock> blocks) throws IOException {
    json.writeStartArray();
    for (ContentBlock block : blocks) {
      switch (block) {
        case ContentBlock.Text text -> {
          json.writeStartObject();
          json.writeStringField("text", text.text());
          json.writeEndObject();
        }
        case ContentBlock.Image image -> {
          json.writeStartObject();
          json.writeStringField("image", String.valueOf(image.mediaType()));
          json.writeStringField("url", String.valueOf(image.url()));
          json.writeStringField("sha256", bytesDigest(image.data()));
          json.writeEndObject();
        }
        case ContentBlock.Document document -> {
          json.writeStartObject();
          json.writeStringField("document", String.valueOf(document.format()));
          json.writeStringField("name", String.valueOf(document.name()));
          json.writeStringField("sha256", bytesDigest(document.data()));
          json.writeEndObject();
        }
        case ContentBlock.ToolUse use -> {
          json.writeStartObject();
          json.writeStringField("tool_use", use.name());
          json.writeStringField("id", use.id());
          json.writeFieldName("input");
          node(json, use.input());
          json.writeEndObject();
        }
        case ContentBlock.ToolResult result -> {
          json.writeStartObject();
          json.writeStringField("tool_result", result.toolUseId());
          json.writeBooleanField("error", result.isError());
          json.writeFieldName("content");
          blocks(json, result.content());
          json.writeEndObject();
        }
        case ContentBlock.Json value -> {
          json.writeStartObject();
          json.writeFieldName("json");
          node(json, value.value());
          json.writeEndObject();
        }
        case ContentBlock.CachePoint point -> {} // where the prompt cache sits changes no answer
      }
    }
    json.writeEndArray();
  }

  /** A JSON value with object keys in sorted order, so equal values encode equally. */
  private static void node(JsonGenerator json, JsonNode node) throws IOException {
    if (node == null || node.isNull() || node.isMissingNode()) {
      json.writeNull();
    } else if (node.isObject()) {
      List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
      fields.sort(Map.Entry.comparingByKey());
      json.writeStartObject();
      for (Map.Entry<String, JsonNode> field : fields) {
        json.writeFieldName(field.getKey());
        node(json, field.getValue());
      }
      json.writeEndObject();
    } else if (node.isArray()) {
      json.writeStartArray();
      for (JsonNode element : node) {
        node(json, element);
      }
      json.writeEndArray();
    } else if (node.isTextual()) {
      json.writeString(node.textValue());
    } else if (node.isBoolean()) {
      json.writeBoolean(node.booleanValue());
    } else if (node.isNumber()) {
      json.writeNumber(node.decimalValue().stripTrailingZeros().toPlainString());
    } else {
      json.writeString(node.asText());
    }
  }

  private static String bytesDigest(byte[] data) {
    MessageDigest digest = newDigest();
    if (data != null) {
      digest.update(data);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static String sha256(Encoding encoding) {
    MessageDigest digest = newDigest();
    try (JsonGenerator json =
        JSON.createGenerator(new DigestOutputStream(OutputStream.nullOutputStream(), digest))) {
      encoding.write(json);
    } catch (IOException e) {
      throw new UncheckedIOException("encoding a request for the cache failed", e);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }

  @FunctionalInterface
  private interface Encoding {
    void write(JsonGenerator json) throws IOException;
  }
}
