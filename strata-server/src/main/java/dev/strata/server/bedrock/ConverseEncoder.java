package dev.strata.server.bedrock;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.StopReason;
import dev.strata.core.model.Usage;
import dev.strata.server.http.Json;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.Base64;
import java.util.Locale;

/** Writes canonical answers in Bedrock Converse's JSON shape. */
final class ConverseEncoder {
  private ConverseEncoder() {}

  static Buffer response(ChatResponse answer, Usage usage, long latencyMs) {
    return Json.write(
        512,
        json -> {
          json.writeStartObject();
          json.writeObjectFieldStart("output");
          json.writeObjectFieldStart("message");
          json.writeStringField("role", "assistant");
          json.writeArrayFieldStart("content");
          for (ContentBlock block : answer.output().content()) {
            block(json, block);
          }
          json.writeEndArray();
          json.writeEndObject();
          json.writeEndObject();
          json.writeStringField("stopReason", stopReason(answer.stopReason()));
          usage(json, usage);
          metrics(json, latencyMs);
          json.writeEndObject();
        });
  }

  static String stopReason(StopReason reason) {
    return reason.name().toLowerCase(Locale.ROOT);
  }

  static void usage(JsonGenerator json, Usage usage) throws IOException {
    json.writeObjectFieldStart("usage");
    json.writeNumberField("inputTokens", usage.inputTokens());
    json.writeNumberField("outputTokens", usage.outputTokens());
    json.writeNumberField("totalTokens", usage.totalTokens());
    json.writeNumberField("cacheReadInputTokens", usage.cacheReadInputTokens());
    json.writeNumberField("cacheWriteInputTokens", usage.cacheWriteInputTokens());
    if (usage.cacheWriteInputTokens() > 0) {
      json.writeArrayFieldStart("cacheDetails");
      cacheDetail(json, "5m", usage.cacheWrite5mInputTokens());
      cacheDetail(json, "1h", usage.cacheWrite1hInputTokens());
      json.writeEndArray();
    }
    json.writeEndObject();
  }

  /** One entry of Bedrock's {@code cacheDetails}: the cache writes of one time to live. */
  private static void cacheDetail(JsonGenerator json, String ttl, long tokens) throws IOException {
    if (tokens > 0) {
      json.writeStartObject();
      json.writeStringField("ttl", ttl);
      json.writeNumberField("inputTokens", tokens);
      json.writeEndObject();
    }
  }

  static void metrics(JsonGenerator json, long latencyMs) throws IOException {
    json.writeObjectFieldStart("metrics");
    json.writeNumberField("latencyMs", latencyMs);
    json.writeEndObject();
  }

  private static void block(JsonGenerator json, ContentBlock block) throws IOException {
    switch (block) {
      case ContentBlock.Text text -> {
        json.writeStartObject();
        json.writeStringField("text", text.text());
        json.writeEndObject();
      }
      case ContentBlock.ToolUse use -> {
        json.writeStartObject();
        json.writeObjectFieldStart("toolUse");
        json.writeStringField("toolUseId", use.id());
        json.writeStringField("name", use.name());
        json.writeFieldName("input");
        json.writeTree(use.input());
        json.writeEndObject();
        json.writeEndObject();
      }
      case ContentBlock.Image image when image.isInline() -> {
        json.writeStartObject();
        json.writeObjectFieldStart("image");
        json.writeStringField("format", image.mediaType().replace("image/", ""));
        json.writeObjectFieldStart("source");
        json.writeStringField("bytes", Base64.getEncoder().encodeToString(image.data()));
        json.writeEndObject();
        json.writeEndObject();
        json.writeEndObject();
      }
      case ContentBlock.Json value -> {
        json.writeStartObject();
        json.writeFieldName("json");
        json.writeTree(value.value());
        json.writeEndObject();
      }
      default -> {} // models do not answer with documents, tool results or cache points
    }
  }
}
