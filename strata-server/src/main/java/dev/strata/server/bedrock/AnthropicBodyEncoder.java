package dev.strata.server.bedrock;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.StopReason;
import dev.strata.core.model.Usage;
import dev.strata.server.http.Json;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/** Writes canonical answers as the Anthropic Messages response Bedrock returns for Claude. */
final class AnthropicBodyEncoder {
  private AnthropicBodyEncoder() {}

  static Buffer response(String id, String model, ChatResponse answer, Usage usage) {
    return Json.write(
        512,
        json -> {
          json.writeStartObject();
          json.writeStringField("id", "msg_bdrk_" + id);
          json.writeStringField("type", "message");
          json.writeStringField("role", "assistant");
          json.writeStringField("model", model);
          json.writeArrayFieldStart("content");
          for (ContentBlock block : answer.output().content()) {
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
              default -> {}
            }
          }
          json.writeEndArray();
          json.writeStringField("stop_reason", stopReason(answer.stopReason()));
          json.writeNullField("stop_sequence");
          usage(json, usage);
          json.writeEndObject();
        });
  }

  static String stopReason(StopReason reason) {
    return switch (reason) {
      case END_TURN, CONTENT_FILTERED, GUARDRAIL_INTERVENED -> "end_turn";
      case TOOL_USE -> "tool_use";
      case MAX_TOKENS -> "max_tokens";
      case STOP_SEQUENCE -> "stop_sequence";
    };
  }

  static void usage(JsonGenerator json, Usage usage) throws IOException {
    json.writeObjectFieldStart("usage");
    json.writeNumberField("input_tokens", usage.inputTokens());
    json.writeNumberField("cache_creation_input_tokens", usage.cacheWriteInputTokens());
    json.writeNumberField("cache_read_input_tokens", usage.cacheReadInputTokens());
    json.writeObjectFieldStart("cache_creation");
    json.writeNumberField("ephemeral_5m_input_tokens", usage.cacheWrite5mInputTokens());
    json.writeNumberField("ephemeral_1h_input_tokens", usage.cacheWrite1hInputTokens());
    json.writeEndObject();
    json.writeNumberField("output_tokens", usage.outputTokens());
    json.writeEndObject();
  }
}
