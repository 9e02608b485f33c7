package dev.strata.server.bedrock;

import static java.util.Objects.requireNonNull;

import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.StopReason;
import dev.strata.core.model.StreamEvent;
import dev.strata.core.model.Usage;
import dev.strata.server.http.Json;
import dev.strata.server.http.JsonWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Anthropic Messages stream events, as Bedrock's InvokeModelWithResponseStream carries them for
 * Claude: message_start, content_block_start/delta/stop, message_delta and message_stop, the last
 * with {@code amazon-bedrock-invocationMetrics}.
 */
final class AnthropicStreamFormat implements StreamFormat {
  private final String id;
  private final String model;
  private final Set<Integer> open = new HashSet<>();
  private boolean started;
  private StopReason stopped;

  AnthropicStreamFormat(String id, String model) {
    this.id = requireNonNull(id, "id");
    this.model = requireNonNull(model, "model");
  }

  @Override
  public void event(StreamEvent event, List<Part> out) {
    switch (event) {
      case StreamEvent.MessageStart start -> ensureStarted(out);
      case StreamEvent.ToolUseStart start -> {
        ensureStarted(out);
        toolStart(start.index(), start.toolUseId(), start.name(), out);
      }
      case StreamEvent.TextDelta delta -> {
        ensureStarted(out);
        if (open.add(delta.index())) {
          out.add(
              part(
                  "content_block_start",
                  json -> {
                    json.writeNumberField("index", delta.index());
                    json.writeObjectFieldStart("content_block");
                    json.writeStringField("type", "text");
                    json.writeStringField("text", "");
                    json.writeEndObject();
                  }));
        }
        out.add(
            part(
                "content_block_delta",
                json -> {
                  json.writeNumberField("index", delta.index());
                  json.writeObjectFieldStart("delta");
                  json.writeStringField("type", "text_delta");
                  json.writeStringField("text", delta.text());
                  json.writeEndObject();
                }));
      }
      case StreamEvent.ToolInputDelta delta -> {
        ensureStarted(out);
        if (!open.contains(delta.index())) {
          toolStart(delta.index(), "toolu_" + delta.index(), "unknown", out);
        }
        out.add(
            part(
                "content_block_delta",
                json -> {
                  json.writeNumberField("index", delta.index());
                  json.writeObjectFieldStart("delta");
                  json.writeStringField("type", "input_json_delta");
                  json.writeStringField("partial_json", delta.partialJson());
                  json.writeEndObject();
                }));
      }
      case StreamEvent.ContentBlockStop stop -> {
        if (open.remove(stop.index())) {
          out.add(part("content_block_stop", json -> json.writeNumberField("index", stop.index())));
        }
      }
      case StreamEvent.MessageStop stop -> stopped = stop.stopReason();
      case StreamEvent.UsageReport report -> {}
    }
  }

  @Override
  public void end(ChatResponse answer, Usage usage, long latencyMs, List<Part> out) {
    ensureStarted(out);
    for (Integer index : List.copyOf(open)) {
      out.add(part("content_block_stop", json -> json.writeNumberField("index", index)));
    }
    open.clear();
    StopReason reason = stopped == null ? answer.stopReason() : stopped;
    out.add(
        part(
            "message_delta",
            json -> {
              json.writeObjectFieldStart("delta");
              json.writeStringField("stop_reason", AnthropicBodyEncoder.stopReason(reason));
              json.writeNullField("stop_sequence");
              json.writeEndObject();
              json.writeObjectFieldStart("usage");
              json.writeNumberField("input_tokens", usage.inputTokens());
              json.writeNumberField("cache_creation_input_tokens", usage.cacheWriteInputTokens());
              json.writeNumberField("cache_read_input_tokens", usage.cacheReadInputTokens());
              json.writeNumberField("output_tokens", usage.outputTokens());
              json.writeEndObject();
            }));
    out.add(
        part(
            "message_stop",
            json -> {
              json.writeObjectFieldStart("amazon-bedrock-invocationMetrics");
              json.writeNumberField("inputTokenCount", usage.totalInputTokens());
              json.writeNumberField("outputTokenCount", usage.outputTokens());
              json.writeNumberField("invocationLatency", latencyMs);
              json.writeNumberField("firstByteLatency", latencyMs);
              json.writeNumberField("cacheReadInputTokenCount", usage.cacheReadInputTokens());
              json.writeNumberField("cacheWriteInputTokenCount", usage.cacheWriteInputTokens());
              json.writeEndObject();
            }));
  }

  private void ensureStarted(List<Part> out) {
    if (started) {
      return;
    }
    started = true;
    out.add(
        part(
            "message_start",
            json -> {
              json.writeObjectFieldStart("message");
              json.writeStringField("id", "msg_bdrk_" + id);
              json.writeStringField("type", "message");
              json.writeStringField("role", "assistant");
              json.writeStringField("model", model);
              json.writeArrayFieldStart("content");
              json.writeEndArray();
              json.writeNullField("stop_reason");
              json.writeNullField("stop_sequence");
              AnthropicBodyEncoder.usage(json, Usage.ZERO);
              json.writeEndObject();
            }));
  }

  private void toolStart(int index, String toolUseId, String name, List<Part> out) {
    open.add(index);
    out.add(
        part(
            "content_block_start",
            json -> {
              json.writeNumberField("index", index);
              json.writeObjectFieldStart("content_block");
              json.writeStringField("type", "tool_use");
              json.writeStringField("id", toolUseId);
              json.writeStringField("name", name);
              json.writeObjectFieldStart("input");
              json.writeEndObject();
              json.writeEndObject();
            }));
  }

  /** An event object {@code {"type": type, ...fields}}. */
  private static Part part(String type, JsonWriter fields) {
    return new Part(
        type,
        Json.write(
            128,
            json -> {
              json.writeStartObject();
              json.writeStringField("type", type);
              fields.write(json);
              json.writeEndObject();
            }));
  }
}
