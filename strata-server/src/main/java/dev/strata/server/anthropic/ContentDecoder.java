package dev.strata.server.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.model.ContentBlock;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decodes Anthropic content — a string, or a list of typed blocks — into canonical blocks. A
 * block's {@code cache_control} becomes a {@link ContentBlock.CachePoint} right after it; any block
 * or field Strata cannot carry is refused, naming it.
 */
final class ContentDecoder {
  private static final Set<String> IMAGE_TYPES =
      Set.of("image/jpeg", "image/png", "image/gif", "image/webp");
  private static final Set<String> TEXT_FIELDS =
      Set.of("type", "text", "cache_control", "citations");
  private static final Set<String> IMAGE_FIELDS = Set.of("type", "source", "cache_control");
  private static final Set<String> DOCUMENT_FIELDS =
      Set.of("type", "source", "title", "context", "citations", "cache_control");
  private static final Set<String> TOOL_USE_FIELDS =
      Set.of("type", "id", "name", "input", "cache_control");
  private static final Set<String> TOOL_RESULT_FIELDS =
      Set.of("type", "tool_use_id", "content", "is_error", "cache_control");
  private static final Set<String> CACHE_CONTROL_FIELDS = Set.of("type", "ttl");

  private ContentDecoder() {}

  /** Message content: a string, or a list of blocks of any kind a message may hold. */
  static List<ContentBlock> messageContent(JsonNode content, String path) {
    if (content.isTextual()) {
      return List.of(new ContentBlock.Text(content.asText()));
    }
    List<ContentBlock> blocks = new ArrayList<>();
    List<JsonNode> elements = Fields.array(content, path);
    for (int i = 0; i < elements.size(); i++) {
      block(Fields.object(elements.get(i), path + "." + i), blocks, true);
    }
    return blocks;
  }

  /** The system prompt: a string, or a list of text blocks. */
  static List<ContentBlock> system(JsonNode system, String path) {
    if (system.isTextual()) {
      return List.of(new ContentBlock.Text(system.asText()));
    }
    List<ContentBlock> blocks = new ArrayList<>();
    List<JsonNode> elements = Fields.array(system, path);
    for (int i = 0; i < elements.size(); i++) {
      Fields block = Fields.object(elements.get(i), path + "." + i);
      String type = block.requiredString("type");
      if (!type.equals("text")) {
        throw Fields.invalid(
            block.path("type") + ": system blocks must be of type 'text', not '" + type + "'");
      }
      text(block, blocks);
    }
    return blocks;
  }

  /** The cache point a {@code cache_control} field asks for, if the block carries one. */
  static Optional<ContentBlock.CachePoint> cachePoint(Fields block) {
    JsonNode value = block.get("cache_control");
    if (value == null) {
      return Optional.empty();
    }
    Fields control = Fields.object(value, block.path("cache_control"));
    control.rejectUnknown(CACHE_CONTROL_FIELDS);
    String type = control.requiredString("type");
    if (!type.equals("ephemeral")) {
      throw Fields.invalid(control.path("type") + ": Input should be 'ephemeral'");
    }
    String ttl = control.optionalString("ttl").orElse("5m");
    return switch (ttl) {
      case "5m" -> Optional.of(new ContentBlock.CachePoint(ContentBlock.CacheTtl.FIVE_MINUTES));
      case "1h" -> Optional.of(new ContentBlock.CachePoint(ContentBlock.CacheTtl.ONE_HOUR));
      default -> throw Fields.invalid(control.path("ttl") + ": Input should be '5m' or '1h'");
    };
  }

  private static void block(Fields block, List<ContentBlock> out, boolean inMessage) {
    String type = block.requiredString("type");
    switch (type) {
      case "text" -> text(block, out);
      case "image" -> {
        block.rejectUnknown(IMAGE_FIELDS);
        out.add(image(block.requiredObject("source")));
        cachePoint(block).ifPresent(out::add);
      }
      case "document" -> document(block, out);
      case "tool_use" -> toolUse(block, out);
      case "tool_result" -> {
        if (!inMessage) {
          throw Fields.invalid(block.path("type") + ": a tool_result cannot be nested");
        }
        toolResult(block, out);
      }
      default ->
          throw Fields.invalid(
              block.path("type")
                  + ": content blocks of type '"
                  + type
                  + "' are not supported by Strata; use text, image, document, tool_use or"
                  + " tool_result");
    }
  }

  private static void text(Fields block, List<ContentBlock> out) {
    block.rejectUnknown(TEXT_FIELDS);
    block.refuse("citations", "the canonical model has no citations");
    out.add(new ContentBlock.Text(block.requiredString("text")));
    cachePoint(block).ifPresent(out::add);
  }

  private static ContentBlock.Image image(Fields source) {
    String type = source.requiredString("type");
    return switch (type) {
      case "base64" -> {
        source.rejectUnknown(Set.of("type", "media_type", "data"));
        String mediaType = source.requiredString("media_type");
        if (!IMAGE_TYPES.contains(mediaType)) {
          throw Fields.invalid(
              source.path("media_type")
                  + ": Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'");
        }
        yield new ContentBlock.Image(mediaType, base64(source, "data"), null);
      }
      case "url" -> {
        source.rejectUnknown(Set.of("type", "url"));
        yield new ContentBlock.Image(null, null, source.requiredString("url"));
      }
      default ->
          throw Fields.invalid(
              source.path("type") + ": image sources of type '" + type + "' are not supported");
    };
  }

  private static void document(Fields block, List<ContentBlock> out) {
    block.rejectUnknown(DOCUMENT_FIELDS);
    block.refuse("context", "the canonical model has no document context");
    block.refuse("citations", "the canonical model has no citations");
    String name = block.optionalString("title").orElse("document");
    Fields source = block.requiredObject("source");
    String type = source.requiredString("type");
    ContentBlock.Document document =
        switch (type) {
          case "base64" -> {
            source.rejectUnknown(Set.of("type", "media_type", "data"));
            String mediaType = source.requiredString("media_type");
            if (!mediaType.equals("application/pdf")) {
              throw Fields.invalid(
                  source.path("media_type") + ": Input should be 'application/pdf'");
            }
            yield new ContentBlock.Document("pdf", name, base64(source, "data"));
          }
          case "text" -> {
            source.rejectUnknown(Set.of("type", "media_type", "data"));
            String mediaType = source.requiredString("media_type");
            if (!mediaType.equals("text/plain")) {
              throw Fields.invalid(source.path("media_type") + ": Input should be 'text/plain'");
            }
            yield new ContentBlock.Document(
                "txt", name, source.requiredString("data").getBytes(StandardCharsets.UTF_8));
          }
          default ->
              throw Fields.invalid(
                  source.path("type")
                      + ": document sources of type '"
                      + type
                      + "' are not supported by Strata; use base64 (pdf) or text");
        };
    out.add(document);
    cachePoint(block).ifPresent(out::add);
  }

  private static void toolUse(Fields block, List<ContentBlock> out) {
    block.rejectUnknown(TOOL_USE_FIELDS);
    JsonNode input = block.required("input");
    if (!input.isObject()) {
      throw Fields.wrongType(block.path("input"), "a valid dictionary", input);
    }
    out.add(
        new ContentBlock.ToolUse(
            block.requiredString("id"), block.requiredString("name"), input.deepCopy()));
    cachePoint(block).ifPresent(out::add);
  }

  private static void toolResult(Fields block, List<ContentBlock> out) {
    block.rejectUnknown(TOOL_RESULT_FIELDS);
    String toolUseId = block.requiredString("tool_use_id");
    boolean isError = block.optionalBoolean("is_error", false);
    List<ContentBlock> content = new ArrayList<>();
    JsonNode value = block.get("content");
    if (value != null && value.isTextual()) {
      content.add(new ContentBlock.Text(value.asText()));
    } else if (value != null) {
      String path = block.path("content");
      List<JsonNode> elements = Fields.array(value, path);
      for (int i = 0; i < elements.size(); i++) {
        Fields inner = Fields.object(elements.get(i), path + "." + i);
        inner.refuse("cache_control", "put cache_control on the tool_result block itself");
        String type = inner.requiredString("type");
        switch (type) {
          case "text", "image", "document" -> block(inner, content, false);
          default ->
              throw Fields.invalid(
                  inner.path("type")
                      + ": tool_result content of type '"
                      + type
                      + "' is not supported; use text, image or document");
        }
      }
    }
    out.add(new ContentBlock.ToolResult(toolUseId, content, isError));
    cachePoint(block).ifPresent(out::add);
  }

  private static byte[] base64(Fields source, String field) {
    String data = source.requiredString(field);
    try {
      return Base64.getDecoder().decode(data);
    } catch (IllegalArgumentException e) {
      throw Fields.invalid(source.path(field) + ": not valid base64 (" + e.getMessage() + ")");
    }
  }
}
