package dev.strata.server.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.Message;
import dev.strata.core.model.Role;
import dev.strata.server.http.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Decodes OpenAI {@code messages} into the canonical conversation: system and developer text
 * becomes the system prompt, assistant tool calls become tool-use blocks, and each run of tool
 * messages becomes one user turn of tool results.
 */
final class MessageDecoder {
  private static final Set<String> SYSTEM_FIELDS = Set.of("role", "content", "name");
  private static final Set<String> USER_FIELDS = Set.of("role", "content", "name");
  private static final Set<String> ASSISTANT_FIELDS =
      Set.of("role", "content", "name", "tool_calls", "refusal", "audio", "function_call");
  private static final Set<String> TOOL_FIELDS = Set.of("role", "content", "tool_call_id");
  private static final Set<String> TOOL_CALL_FIELDS = Set.of("id", "type", "function");
  private static final Set<String> CALLED_FUNCTION_FIELDS = Set.of("name", "arguments");
  private static final Set<String> TEXT_PART_FIELDS = Set.of("type", "text");
  private static final Set<String> IMAGE_PART_FIELDS = Set.of("type", "image_url");
  private static final Set<String> IMAGE_URL_FIELDS = Set.of("url", "detail");
  private static final Set<String> FILE_PART_FIELDS = Set.of("type", "file");
  private static final Set<String> FILE_FIELDS = Set.of("file_data", "filename", "file_id");

  /** The decoded conversation. */
  record Conversation(List<ContentBlock> system, List<Message> messages) {}

  private MessageDecoder() {}

  static Conversation decode(ArrayNode messages) {
    List<ContentBlock> system = new ArrayList<>();
    List<Message> turns = new ArrayList<>(messages.size());
    List<ContentBlock> toolResults = null;
    for (int i = 0; i < messages.size(); i++) {
      JsonFields message = JsonFields.object(messages.get(i), "messages[" + i + "]");
      String role = message.requiredString("role");
      if (toolResults != null && !role.equals("tool")) {
        turns.add(new Message(Role.USER, toolResults));
        toolResults = null;
      }
      switch (role) {
        case "system", "developer" -> {
          message.rejectUnknown(SYSTEM_FIELDS);
          rejectName(message);
          system.addAll(textContent(message, true));
        }
        case "user" -> {
          message.rejectUnknown(USER_FIELDS);
          rejectName(message);
          turns.add(new Message(Role.USER, userContent(message)));
        }
        case "assistant" -> turns.add(assistant(message));
        case "tool" -> {
          if (toolResults == null) {
            toolResults = new ArrayList<>();
          }
          toolResults.add(toolResult(message));
        }
        case "function" ->
            throw JsonFields.unsupported(
                message.path("role"), "'function' is deprecated; use 'tool' messages.");
        default ->
            throw JsonFields.invalidValue(
                message.path("role"),
                "Invalid value: '"
                    + role
                    + "'. Supported values are: 'system', 'developer',"
                    + " 'user', 'assistant' and 'tool'.");
      }
    }
    if (toolResults != null) {
      turns.add(new Message(Role.USER, toolResults));
    }
    return new Conversation(system, turns);
  }

  private static Message assistant(JsonFields message) {
    message.rejectUnknown(ASSISTANT_FIELDS);
    rejectName(message);
    for (String field : List.of("refusal", "audio", "function_call")) {
      if (message.has(field)) {
        throw JsonFields.unsupported(
            message.path(field), "cannot be carried to the model; leave it out.");
      }
    }
    List<ContentBlock> content = new ArrayList<>();
    if (message.has("content")) {
      for (ContentBlock block : textContent(message, false)) {
        if (!(block instanceof ContentBlock.Text text && text.text().isEmpty())
            || !message.has("tool_calls")) {
          content.add(block);
        }
      }
    }
    Optional<ArrayNode> calls = message.array("tool_calls");
    if (calls.isPresent()) {
      for (int j = 0; j < calls.get().size(); j++) {
        content.add(toolCall(calls.get().get(j), message.path("tool_calls") + "[" + j + "]"));
      }
    }
    return new Message(Role.ASSISTANT, content);
  }

  private static ContentBlock.ToolUse toolCall(JsonNode node, String path) {
    JsonFields call = JsonFields.object(node, path);
    call.rejectUnknown(TOOL_CALL_FIELDS);
    String type = call.string("type").orElse("function");
    if (!type.equals("function")) {
      throw JsonFields.unsupported(
          call.path("type"), "'" + type + "' is not supported; only 'function' calls are.");
    }
    JsonFields function = call.requiredObject("function");
    function.rejectUnknown(CALLED_FUNCTION_FIELDS);
    String arguments = function.string("arguments").orElse("");
    return new ContentBlock.ToolUse(
        call.requiredString("id"),
        function.requiredString("name"),
        parseArguments(arguments, function.path("arguments")));
  }

  private static JsonNode parseArguments(String arguments, String param) {
    if (arguments.isBlank()) {
      return JsonNodeFactory.instance.objectNode();
    }
    try {
      return Json.MAPPER.readTree(arguments);
    } catch (JsonProcessingException e) {
      throw JsonFields.invalidValue(
          param, "'" + param + "' is not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static ContentBlock.ToolResult toolResult(JsonFields message) {
    message.rejectUnknown(TOOL_FIELDS);
    String toolCallId = message.requiredString("tool_call_id");
    if (!message.has("content")) {
      throw JsonFields.missing(message.path("content"));
    }
    return new ContentBlock.ToolResult(toolCallId, textContent(message, false), false);
  }

  /** Text-only content: a string, or an array of text parts. */
  private static List<ContentBlock> textContent(JsonFields message, boolean required) {
    JsonNode content = message.get("content");
    String path = message.path("content");
    if (content == null) {
      if (required) {
        throw JsonFields.missing(path);
      }
      return List.of();
    }
    if (content.isTextual()) {
      return List.of(new ContentBlock.Text(content.textValue()));
    }
    if (!content.isArray()) {
      throw JsonFields.wrongType(path, "a string or an array of content parts", content);
    }
    List<ContentBlock> blocks = new ArrayList<>(content.size());
    for (int i = 0; i < content.size(); i++) {
      JsonFields part = JsonFields.object(content.get(i), path + "[" + i + "]");
      String type = part.requiredString("type");
      if (!type.equals("text")) {
        throw JsonFields.invalidValue(
            part.path("type"),
            "Invalid value: '" + type + "'. This message's content parts must be 'text'.");
      }
      blocks.add(textPart(part));
    }
    return blocks;
  }

  private static List<ContentBlock> userContent(JsonFields message) {
    JsonNode content = message.get("content");
    String path = message.path("content");
    if (content == null) {
      throw JsonFields.missing(path);
    }
    if (content.isTextual()) {
      return List.of(new ContentBlock.Text(content.textValue()));
    }
    if (!content.isArray()) {
      throw JsonFields.wrongType(path, "a string or an array of content parts", content);
    }
    List<ContentBlock> blocks = new ArrayList<>(content.size());
    for (int i = 0; i < content.size(); i++) {
      JsonFields part = JsonFields.object(content.get(i), path + "[" + i + "]");
      String type = part.requiredString("type");
      blocks.add(
          switch (type) {
            case "text" -> textPart(part);
            case "image_url" -> imagePart(part);
            case "file" -> filePart(part);
            case "input_audio" ->
                throw JsonFields.unsupported(part.path("type"), "'input_audio' is not supported.");
            default ->
                throw JsonFields.invalidValue(
                    part.path("type"),
                    "Invalid value: '"
                        + type
                        + "'. Supported values are: 'text', 'image_url'"
                        + " and 'file'.");
          });
    }
    return blocks;
  }

  private static ContentBlock.Text textPart(JsonFields part) {
    part.rejectUnknown(TEXT_PART_FIELDS);
    return new ContentBlock.Text(part.requiredString("text"));
  }

  private static ContentBlock.Image imagePart(JsonFields part) {
    part.rejectUnknown(IMAGE_PART_FIELDS);
    JsonFields image = part.requiredObject("image_url");
    image.rejectUnknown(IMAGE_URL_FIELDS);
    Optional<String> detail = image.string("detail");
    if (detail.isPresent() && !detail.get().equals("auto")) {
      throw JsonFields.unsupported(
          image.path("detail"), "'" + detail.get() + "' is not supported; use 'auto' or omit it.");
    }
    String url = image.requiredString("url");
    String param = image.path("url");
    if (DataUrl.isDataUrl(url)) {
      DataUrl inline = DataUrl.parse(url, param);
      if (!inline.mediaType().startsWith("image/")) {
        throw JsonFields.invalidValue(
            param, "'" + param + "' holds " + inline.mediaType() + ", not an image.");
      }
      return new ContentBlock.Image(inline.mediaType(), inline.data(), null);
    }
    String lower = url.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("https://") && !lower.startsWith("http://")) {
      throw JsonFields.invalidValue(
          param, "'" + param + "' must be an http(s) URL or a base64 data URL.");
    }
    return new ContentBlock.Image(null, null, url);
  }

  private static ContentBlock.Document filePart(JsonFields part) {
    part.rejectUnknown(FILE_PART_FIELDS);
    JsonFields file = part.requiredObject("file");
    file.rejectUnknown(FILE_FIELDS);
    if (file.has("file_id")) {
      throw JsonFields.unsupported(
          file.path("file_id"), "is not supported; send the file inline as 'file_data'.");
    }
    String param = file.path("file_data");
    String dataUrl = file.requiredString("file_data");
    if (!DataUrl.isDataUrl(dataUrl)) {
      throw JsonFields.invalidValue(param, "'" + param + "' must be a base64 data URL.");
    }
    DataUrl inline = DataUrl.parse(dataUrl, param);
    String name = file.string("filename").orElse("document");
    return new ContentBlock.Document(
        documentFormat(inline.mediaType(), name, param), name, inline.data());
  }

  /** The document format, e.g. {@code pdf}, from the media type or else the file name. */
  private static String documentFormat(String mediaType, String name, String param) {
    String format =
        switch (mediaType) {
          case "application/pdf" -> "pdf";
          case "text/plain" -> "txt";
          case "text/csv" -> "csv";
          case "text/markdown" -> "md";
          case "text/html" -> "html";
          case "application/msword" -> "doc";
          case "application/vnd.openxmlformats-officedocument.wordprocessingml.document" -> "docx";
          case "application/vnd.ms-excel" -> "xls";
          case "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" -> "xlsx";
          default -> null;
        };
    if (format != null) {
      return format;
    }
    int dot = name.lastIndexOf('.');
    if (dot > 0 && dot < name.length() - 1) {
      return name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
    throw JsonFields.invalidValue(
        param, "'" + param + "' has media type " + mediaType + ", which is not a known document.");
  }

  private static void rejectName(JsonFields message) {
    if (message.has("name")) {
      throw JsonFields.unsupported(
          message.path("name"), "is not supported; Strata cannot pass participant names on.");
    }
  }
}
