package dev.strata.server.anthropic;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.StopReason;
import dev.strata.core.model.Usage;
import dev.strata.core.path.Metering;
import dev.strata.server.http.Json;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.Optional;

/** Writes Anthropic {@code message} objects, usage and stop reasons. */
final class MessageEncoder {
  private MessageEncoder() {}

  /** The complete {@code message} answering a non-streamed request. */
  static Buffer message(String messageId, String model, ChatResponse answer, Usage usage) {
    return Json.write(
        512,
        json -> {
          json.writeStartObject();
          header(json, messageId, model);
          json.writeArrayFieldStart("content");
          for (ContentBlock block : answer.output().content()) {
            block(json, block);
          }
          json.writeEndArray();
          json.writeStringField("stop_reason", stopReason(answer.stopReason()));
          json.writeNullField("stop_sequence");
          json.writeFieldName("usage");
          usage(json, usage);
          json.writeEndObject();
        });
  }

  /** The fields every message starts with: id, type, role, model. */
  static void header(JsonGenerator json, String messageId, String model) throws IOException {
    json.writeStringField("id", messageId);
    json.writeStringField("type", "message");
    json.writeStringField("role", "assistant");
    json.writeStringField("model", model);
  }

  /** Anthropic's usage object; canonical usage already counts input without the cache. */
  static void usage(JsonGenerator json, Usage usage) throws IOException {
    json.writeStartObject();
    json.writeNumberField("input_tokens", usage.inputTokens());
    json.writeNumberField("output_tokens", usage.outputTokens());
    json.writeNumberField("cache_creation_input_tokens", usage.cacheWriteInputTokens());
    json.writeNumberField("cache_read_input_tokens", usage.cacheReadInputTokens());
    json.writeObjectFieldStart("cache_creation");
    json.writeNumberField("ephemeral_5m_input_tokens", usage.cacheWrite5mInputTokens());
    json.writeNumberField("ephemeral_1h_input_tokens", usage.cacheWrite1hInputTokens());
    json.writeEndObject();
    json.writeEndObject();
  }

  /** Strata's extension: the exact cost of the request and where its counts came from. */
  static void strata(JsonGenerator json, Optional<Metering> metering) throws IOException {
    if (metering.isEmpty()) {
      return;
    }
    json.writeObjectFieldStart("strata");
    json.writeStringField("cost_usd", metering.get().cost().total().toUsdString());
    json.writeStringField("usage_source", metering.get().source().wireName());
    json.writeEndObject();
  }

  static String stopReason(StopReason reason) {
    return switch (reason) {
      case END_TURN -> "end_turn";
      case TOOL_USE -> "tool_use";
      case MAX_TOKENS -> "max_tokens";
      case STOP_SEQUENCE -> "stop_sequence";
      case CONTENT_FILTERED, GUARDRAIL_INTERVENED -> "refusal";
    };
  }

  private static void block(JsonGenerator json, ContentBlock block) throws IOException {
    switch (block) {
      case ContentBlock.Text text -> {
        json.writeStartObject();
        json.writeStringField("type", "text");
        json.writeStringField("text", text.text());
        json.writeEndObject();
      }
      case ContentBlock.ToolUse use -> {
        json.writeStartObject();
        json.writeStringField("type", "tool_use");
        json.writeStringField("id", use.id());
        json.writeStringField("name", use.name());
        json.writeFieldName("input");
        json.writeTree(use.input());
        json.writeEndObject();
      }
      case ContentBlock.CachePoint ignored -> {}
      case ContentBlock.Image ignored -> throw unexpressible("an image");
      case ContentBlock.Document ignored -> throw unexpressible("a document");
      case ContentBlock.ToolResult ignored -> throw unexpressible("a tool result");
      case ContentBlock.Json ignored -> throw unexpressible("a JSON block");
    }
  }

  private static StrataException unexpressible(String what) {
    return StrataException.builder(
            ErrorKind.UPSTREAM_ERROR,
            "The model answered with " + what + ", which an Anthropic message cannot carry.")
        .build();
  }
}
