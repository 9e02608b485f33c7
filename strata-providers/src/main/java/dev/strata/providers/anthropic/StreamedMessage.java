package dev.strata.providers.anthropic;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.json.JsonMappers;
import dev.strata.providers.http.SseEvent;
import dev.strata.providers.http.SseParser;
import dev.strata.providers.http.UpstreamErrors;
import dev.strata.providers.http.UpstreamStream;
import java.util.List;
import java.util.Optional;

/**
 * Reads one streamed Anthropic answer: events are parsed as the bytes arrive and relayed at once.
 * The answer is complete only at {@code message_stop}; an {@code error} event fails with the kind
 * its type means, and a body that ends or breaks before the stop fails as {@code UNAVAILABLE}.
 */
final class StreamedMessage {
  private static final ObjectMapper MAPPER = JsonMappers.create();

  private final String upstream;
  private final UpstreamStream stream;
  private final MessageEventTranslator translator;
  private final SseParser parser = new SseParser();

  StreamedMessage(String upstream, UpstreamStream stream, MessageEventTranslator translator) {
    this.upstream = requireNonNull(upstream, "upstream");
    this.stream = requireNonNull(stream, "stream");
    this.translator = requireNonNull(translator, "translator");
  }

  /** Relays the whole answer; returns after {@code message_stop}. */
  void relay() {
    while (true) {
      Optional<byte[]> bytes = stream.next();
      List<SseEvent> events;
      try {
        events = bytes.isPresent() ? parser.feed(bytes.get()) : parser.finish();
      } catch (IllegalStateException tooLarge) {
        throw UpstreamErrors.malformed(upstream, "an oversized stream event", tooLarge);
      }
      for (SseEvent event : events) {
        if (handle(event)) {
          return;
        }
      }
      if (bytes.isEmpty()) {
        throw StrataException.builder(
                ErrorKind.UNAVAILABLE,
                "upstream '" + upstream + "' ended its streamed answer before message_stop")
            .build();
      }
    }
  }

  private boolean handle(SseEvent event) {
    String data = event.data().strip();
    if (data.isEmpty()) {
      return false;
    }
    JsonNode json;
    try {
      json = MAPPER.readTree(data);
    } catch (JsonProcessingException e) {
      throw UpstreamErrors.malformed(upstream, "a stream event that is not JSON", e);
    }
    if (event.type().equals("error") || json.path("type").asText("").equals("error")) {
      throw AnthropicErrorBody.streamed(upstream, json);
    }
    return translator.accept(json);
  }
}
