package dev.strata.server.bedrock;

import static java.util.Objects.requireNonNull;

import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.StreamEvent;
import dev.strata.core.model.Usage;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/** Translates canonical stream events into one wire format's named JSON events. */
interface StreamFormat {
  /** One translated event: its name and its JSON. */
  record Part(String eventType, Buffer json) {
    public Part {
      requireNonNull(eventType, "eventType");
      requireNonNull(json, "json");
    }
  }

  void event(StreamEvent event, List<Part> out);

  /** The closing events, once the answer is complete and metered. */
  void end(ChatResponse answer, Usage usage, long latencyMs, List<Part> out);
}
