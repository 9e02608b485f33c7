package dev.strata.server.bedrock;

import static java.util.Objects.requireNonNull;

import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.StreamEvent;
import dev.strata.core.model.Usage;
import dev.strata.server.http.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * ConverseStream events for InvokeModelWithResponseStream with a Converse-shaped body: each chunk
 * holds {@code {"<eventType>": payload}}, the union form Bedrock uses for Converse JSON.
 */
final class WrappedStreamFormat implements StreamFormat {
  private final StreamFormat inner;

  WrappedStreamFormat(StreamFormat inner) {
    this.inner = requireNonNull(inner, "inner");
  }

  @Override
  public void event(StreamEvent event, List<Part> out) {
    List<Part> parts = new ArrayList<>(2);
    inner.event(event, parts);
    parts.forEach(part -> out.add(wrapped(part)));
  }

  @Override
  public void end(ChatResponse answer, Usage usage, long latencyMs, List<Part> out) {
    List<Part> parts = new ArrayList<>(2);
    inner.end(answer, usage, latencyMs, parts);
    parts.forEach(part -> out.add(wrapped(part)));
  }

  private static Part wrapped(Part part) {
    return new Part(
        part.eventType(),
        Json.write(
            part.json().length() + 32,
            json -> {
              json.writeStartObject();
              json.writeFieldName(part.eventType());
              json.writeRawValue(part.json().toString(java.nio.charset.StandardCharsets.UTF_8));
              json.writeEndObject();
            }));
  }
}
