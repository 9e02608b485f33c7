package dev.strata.server.openai;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.StopReason;
import dev.strata.core.model.Usage;
import dev.strata.core.path.Metering;
import dev.strata.server.http.Json;
import dev.strata.server.http.JsonWriter;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Encodes the server-sent events of a streamed chat completion, each {@code data: {json}\n\n},
 * appended to a buffer so several can go out in one write.
 */
final class ChunkEncoder {
  private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] END_OF_EVENT = "\n\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

  private final String id;
  private final long created;

  ChunkEncoder(String requestId, long created) {
    this.id = "chatcmpl-" + requireNonNull(requestId, "requestId");
    this.created = created;
  }

  void role(Buffer out, String model) {
    chunk(
        out,
        model,
        delta -> {
          delta.writeStringField("role", "assistant");
          delta.writeStringField("content", "");
        },
        null);
  }

  void text(Buffer out, String model, String text) {
    chunk(out, model, delta -> delta.writeStringField("content", text), null);
  }

  void toolCallStart(Buffer out, String model, int index, String callId, String name) {
    chunk(
        out,
        model,
        delta -> {
          delta.writeArrayFieldStart("tool_calls");
          delta.writeStartObject();
          delta.writeNumberField("index", index);
          delta.writeStringField("id", callId);
          delta.writeStringField("type", "function");
          delta.writeObjectFieldStart("function");
          delta.writeStringField("name", name);
          delta.writeStringField("arguments", "");
          delta.writeEndObject();
          delta.writeEndObject();
          delta.writeEndArray();
        },
        null);
  }

  void toolCallArguments(Buffer out, String model, int index, String fragment) {
    chunk(
        out,
        model,
        delta -> {
          delta.writeArrayFieldStart("tool_calls");
          delta.writeStartObject();
          delta.writeNumberField("index", index);
          delta.writeObjectFieldStart("function");
          delta.writeStringField("arguments", fragment);
          delta.writeEndObject();
          delta.writeEndObject();
          delta.writeEndArray();
        },
        null);
  }

  void finish(Buffer out, String model, StopReason reason) {
    chunk(out, model, delta -> {}, UsageJson.finishReason(reason));
  }

  /**
   * The last chunk when usage was asked for: no choices, the usage, and Strata's cost when the
   * request was metered.
   */
  void usage(Buffer out, String model, Usage usage, Optional<Metering> metering) {
    event(
        out,
        json -> {
          header(json, model);
          json.writeArrayFieldStart("choices");
          json.writeEndArray();
          UsageJson.writeChatUsage(json, usage);
          if (metering.isPresent()) {
            UsageJson.writeStrataExtension(json, metering.get());
          }
          json.writeEndObject();
        });
  }

  static void error(Buffer out, StrataException failure) {
    event(out, json -> OpenAiErrors.writeError(json, failure));
  }

  static void done(Buffer out) {
    out.appendBytes(DONE);
  }

  private void chunk(Buffer out, String model, JsonWriter delta, String finishReason) {
    event(
        out,
        json -> {
          header(json, model);
          json.writeArrayFieldStart("choices");
          json.writeStartObject();
          json.writeNumberField("index", 0);
          json.writeObjectFieldStart("delta");
          delta.write(json);
          json.writeEndObject();
          json.writeNullField("logprobs");
          if (finishReason == null) {
            json.writeNullField("finish_reason");
          } else {
            json.writeStringField("finish_reason", finishReason);
          }
          json.writeEndObject();
          json.writeEndArray();
          json.writeEndObject();
        });
  }

  private void header(JsonGenerator json, String model) throws IOException {
    json.writeStartObject();
    json.writeStringField("id", id);
    json.writeStringField("object", "chat.completion.chunk");
    json.writeNumberField("created", created);
    json.writeStringField("model", model);
  }

  private static void event(Buffer out, JsonWriter writer) {
    out.appendBytes(DATA);
    Json.append(out, writer);
    out.appendBytes(END_OF_EVENT);
  }
}
