package dev.strata.server.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.Usage;
import dev.strata.server.http.Json;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Encodes a complete answer as an OpenAI {@code chat.completion} object. */
final class ChatCompletionEncoder {
  private ChatCompletionEncoder() {}

  static Buffer encode(
      String requestId, long created, String model, ChatResponse answer, Usage usage) {
    return Json.write(
        512,
        json -> {
          json.writeStartObject();
          json.writeStringField("id", "chatcmpl-" + requestId);
          json.writeStringField("object", "chat.completion");
          json.writeNumberField("created", created);
          json.writeStringField("model", model);
          json.writeArrayFieldStart("choices");
          json.writeStartObject();
          json.writeNumberField("index", 0);
          writeMessage(json, answer.output().content());
          json.writeNullField("logprobs");
          json.writeStringField("finish_reason", UsageJson.finishReason(answer.stopReason()));
          json.writeEndObject();
          json.writeEndArray();
          UsageJson.writeChatUsage(json, usage);
          json.writeEndObject();
        });
  }

  private static void writeMessage(JsonGenerator json, List<ContentBlock> content)
      throws IOException {
    StringBuilder text = null;
    List<ContentBlock.ToolUse> calls = new ArrayList<>();
    for (ContentBlock block : content) {
      switch (block) {
        case ContentBlock.Text t ->
            text = (text == null ? new StringBuilder() : text).append(t.text());
        case ContentBlock.Json j ->
            text = (text == null ? new StringBuilder() : text).append(j.value().toString());
        case ContentBlock.ToolUse use -> calls.add(use);
        default -> {} // images, documents, results and cache points never come back from a model
      }
    }
    json.writeObjectFieldStart("message");
    json.writeStringField("role", "assistant");
    if (text == null) {
      json.writeNullField("content");
    } else {
      json.writeStringField("content", text.toString());
    }
    json.writeNullField("refusal");
    if (!calls.isEmpty()) {
      json.writeArrayFieldStart("tool_calls");
      for (ContentBlock.ToolUse call : calls) {
        json.writeStartObject();
        json.writeStringField("id", call.id());
        json.writeStringField("type", "function");
        json.writeObjectFieldStart("function");
        json.writeStringField("name", call.name());
        json.writeStringField("arguments", arguments(call.input()));
        json.writeEndObject();
        json.writeEndObject();
      }
      json.writeEndArray();
    }
    json.writeEndObject();
  }

  /** Tool input as OpenAI's JSON-in-a-string; a cut-off stream leaves raw text, sent as it is. */
  static String arguments(JsonNode input) {
    return input.isTextual() ? input.textValue() : input.toString();
  }
}
