package dev.strata.server.bedrock;

import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.StopReason;
import dev.strata.core.model.StreamEvent;
import dev.strata.core.model.Usage;
import dev.strata.server.http.Json;
import java.util.List;

/**
 * ConverseStream's events: messageStart, contentBlockStart (tool use), contentBlockDelta,
 * contentBlockStop, messageStop and, once metered, metadata with usage and latency.
 */
final class ConverseStreamFormat implements StreamFormat {
  private boolean started;
  private StopReason stopped;

  @Override
  public void event(StreamEvent event, List<Part> out) {
    switch (event) {
      case StreamEvent.MessageStart start -> ensureStarted(out);
      case StreamEvent.ToolUseStart start -> {
        ensureStarted(out);
        out.add(
            new Part(
                "contentBlockStart",
                Json.write(
                    128,
                    json -> {
                      json.writeStartObject();
                      json.writeNumberField("contentBlockIndex", start.index());
                      json.writeObjectFieldStart("start");
                      json.writeObjectFieldStart("toolUse");
                      json.writeStringField("toolUseId", start.toolUseId());
                      json.writeStringField("name", start.name());
                      json.writeEndObject();
                      json.writeEndObject();
                      json.writeEndObject();
                    })));
      }
      case StreamEvent.TextDelta delta -> {
        ensureStarted(out);
        out.add(delta(delta.index(), "text", delta.text(), false));
      }
      case StreamEvent.ToolInputDelta delta -> {
        ensureStarted(out);
        out.add(delta(delta.index(), "input", delta.partialJson(), true));
      }
      case StreamEvent.ContentBlockStop stop ->
          out.add(
              new Part(
                  "contentBlockStop",
                  Json.write(
                      48,
                      json -> {
                        json.writeStartObject();
                        json.writeNumberField("contentBlockIndex", stop.index());
                        json.writeEndObject();
                      })));
      case StreamEvent.MessageStop stop -> {
        ensureStarted(out);
        stopped = stop.stopReason();
        out.add(messageStop(stopped));
      }
      case StreamEvent.UsageReport report -> {} // the metered usage goes out in metadata
    }
  }

  @Override
  public void end(ChatResponse answer, Usage usage, long latencyMs, List<Part> out) {
    ensureStarted(out);
    if (stopped == null) {
      stopped = answer.stopReason();
      out.add(messageStop(stopped));
    }
    out.add(
        new Part(
            "metadata",
            Json.write(
                256,
                json -> {
                  json.writeStartObject();
                  ConverseEncoder.usage(json, usage);
                  ConverseEncoder.metrics(json, latencyMs);
                  json.writeEndObject();
                })));
  }

  private void ensureStarted(List<Part> out) {
    if (!started) {
      started = true;
      out.add(
          new Part(
              "messageStart",
              Json.write(
                  32,
                  json -> {
                    json.writeStartObject();
                    json.writeStringField("role", "assistant");
                    json.writeEndObject();
                  })));
    }
  }

  private static Part delta(int index, String field, String value, boolean toolUse) {
    return new Part(
        "contentBlockDelta",
        Json.write(
            64 + value.length(),
            json -> {
              json.writeStartObject();
              json.writeNumberField("contentBlockIndex", index);
              json.writeObjectFieldStart("delta");
              if (toolUse) {
                json.writeObjectFieldStart("toolUse");
              }
              json.writeStringField(field, value);
              if (toolUse) {
                json.writeEndObject();
              }
              json.writeEndObject();
              json.writeEndObject();
            }));
  }

  private static Part messageStop(StopReason reason) {
    return new Part(
        "messageStop",
        Json.write(
            48,
            json -> {
              json.writeStartObject();
              json.writeStringField("stopReason", ConverseEncoder.stopReason(reason));
              json.writeEndObject();
            }));
  }
}
