package dev.strata.providers.anthropic;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.json.JsonMappers;
import dev.strata.core.provider.StreamSink;
import dev.strata.providers.http.SseEvent;
import dev.strata.providers.http.SseRelay;
import dev.strata.providers.http.UpstreamErrors;

/**
 * Relays one streamed Anthropic answer from the event loop that reads it: events are parsed as the
 * bytes arrive and relayed at once.
 * The answer is complete only at {@code message_stop}; an {@code error} event fails with the kind
 * its type means, and a body that ends or breaks before the stop fails as {@code UNAVAILABLE}.
 */
final class StreamedMessage extends SseRelay {
  private static final ObjectMapper MAPPER = JsonMappers.create();

  private final MessageEventTranslator translator;

  /** Relays to {@code sink} through a {@link MessageEventTranslator}. */
  StreamedMessage(String upstream, StreamSink sink) {
    super(upstream, sink);
    this.translator = new MessageEventTranslator(requireNonNull(sink, "sink"));
  }

  @Override
  protected void bodyEnded(boolean complete) {
    if (!complete) {
      throw StrataException.builder(
              ErrorKind.UNAVAILABLE,
              "upstream '" + upstream() + "' ended its streamed answer before message_stop")
          .build();
    }
  }

  @Override
  protected boolean handle(SseEvent event) {
    String data = event.data().strip();
    if (data.isEmpty()) {
      return false;
    }
    JsonNode json;
    try {
      json = MAPPER.readTree(data);
    } catch (JsonProcessingException e) {
      throw UpstreamErrors.malformed(upstream(), "a stream event that is not JSON", e);
    }
    if (event.type().equals("error") || json.path("type").asText("").equals("error")) {
      throw AnthropicErrorBody.streamed(upstream(), json);
    }
    return translator.accept(json);
  }
}
