package dev.strata.server.anthropic;

import dev.strata.core.error.StrataException;
import dev.strata.core.model.StopReason;
import dev.strata.core.model.Usage;
import dev.strata.core.path.Metering;
import dev.strata.server.http.Json;
import dev.strata.server.http.JsonWriter;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Appends Anthropic's server-sent events, {@code event: <type>} then one {@code data:} line. */
final class EventEncoder {
  private static final byte[] DATA = "\ndata: ".getBytes(StandardCharsets.UTF_8);
  private static final byte[] END = "\n\n".getBytes(StandardCharsets.UTF_8);

  private EventEncoder() {}

  static void messageStart(Buffer out, String messageId, String model, long inputTokens) {
    event(
        out,
        "message_start",
        json -> {
          json.writeStartObject();
          json.writeStringField("type", "message_start");
          json.writeObjectFieldStart("message");
          MessageEncoder.header(json, messageId, model);
          json.writeArrayFieldStart("content");
          json.writeEndArray();
          json.writeNullField("stop_reason");
          json.writeNullField("stop_sequence");
          json.writeFieldName("usage");
          MessageEncoder.usage(json, Usage.of(inputTokens, 1));
          json.writeEndObject();
          json.writeEndObject();
        });
  }

  static void textStart(Buffer out, int index) {
    event(
        out,
        "content_block_start",
        json -> {
          json.writeStartObject();
          json.writeStringField("type", "content_block_start");
          json.writeNumberField("index", index);
          json.writeObjectFieldStart("content_block");
          json.writeStringField("type", "text");
          json.writeStringField("text", "");
          json.writeEndObject();
          json.writeEndObject();
        });
  }

  static void toolUseStart(Buffer out, int index, String id, String name) {
    event(
        out,
        "content_block_start",
        json -> {
          json.writeStartObject();
          json.writeStringField("type", "content_block_start");
          json.writeNumberField("index", index);
          json.writeObjectFieldStart("content_block");
          json.writeStringField("type", "tool_use");
          json.writeStringField("id", id);
          json.writeStringField("name", name);
          json.writeObjectFieldStart("input");
          json.writeEndObject();
          json.writeEndObject();
          json.writeEndObject();
        });
  }

  static void ping(Buffer out) {
    event(
        out,
        "ping",
        json -> {
          json.writeStartObject();
          json.writeStringField("type", "ping");
          json.writeEndObject();
        });
  }

  static void textDelta(Buffer out, int index, String text) {
    delta(out, index, "text_delta", "text", text);
  }

  static void inputJsonDelta(Buffer out, int index, String partialJson) {
    delta(out, index, "input_json_delta", "partial_json", partialJson);
  }

  static void blockStop(Buffer out, int index) {
    event(
        out,
        "content_block_stop",
        json -> {
          json.writeStartObject();
          json.writeStringField("type", "content_block_stop");
          json.writeNumberField("index", index);
          json.writeEndObject();
        });
  }

  /** The closing delta: stop reason, the final usage, and Strata's exact cost. */
  static void messageDelta(
      Buffer out, StopReason stopReason, Usage usage, Optional<Metering> metering) {
    event(
        out,
        "message_delta",
        json -> {
          json.writeStartObject();
          json.writeStringField("type", "message_delta");
          json.writeObjectFieldStart("delta");
          json.writeStringField("stop_reason", MessageEncoder.stopReason(stopReason));
          json.writeNullField("stop_sequence");
          json.writeEndObject();
          json.writeFieldName("usage");
          MessageEncoder.usage(json, usage);
          MessageEncoder.strata(json, metering);
          json.writeEndObject();
        });
  }

  static void messageStop(Buffer out) {
    event(
        out,
        "message_stop",
        json -> {
          json.writeStartObject();
          json.writeStringField("type", "message_stop");
          json.writeEndObject();
        });
  }

  static void error(Buffer out, StrataException failure) {
    event(out, "error", json -> AnthropicErrors.writeError(json, failure, null));
  }

  private static void delta(Buffer out, int index, String type, String field, String value) {
    event(
        out,
        "content_block_delta",
        json -> {
          json.writeStartObject();
          json.writeStringField("type", "content_block_delta");
          json.writeNumberField("index", index);
          json.writeObjectFieldStart("delta");
          json.writeStringField("type", type);
          json.writeStringField(field, value);
          json.writeEndObject();
          json.writeEndObject();
        });
  }

  private static void event(Buffer out, String type, JsonWriter data) {
    out.appendString("event: ").appendString(type).appendBytes(DATA);
    Json.append(out, data);
    out.appendBytes(END);
  }
}
