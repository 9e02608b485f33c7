package dev.strata.providers.bedrock;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.eventstream.EventStreamDecoder;
import dev.strata.core.eventstream.EventStreamMessage;
import dev.strata.core.eventstream.MalformedEventStreamException;
import dev.strata.core.json.JsonMappers;
import dev.strata.core.model.StreamEvent;
import dev.strata.core.provider.StreamSink;
import dev.strata.providers.http.UpstreamErrors;
import dev.strata.providers.http.UpstreamStream;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Reads one ConverseStream answer ({@code application/vnd.amazon.eventstream}) on the calling
 * thread: each chunk is decoded as it arrives and every event it completes is relayed to the sink
 * at once. An {@code exception} (or {@code error}) message fails with the kind its type means; a
 * body that ends inside a message or before {@code messageStop} is malformed.
 */
final class ConverseEventStream {
  private static final ObjectMapper MAPPER = JsonMappers.create();

  private final String upstream;
  private final UpstreamStream stream;
  private final StreamSink sink;
  private final EventStreamDecoder decoder = new EventStreamDecoder();
  private boolean stopped;

  ConverseEventStream(String upstream, UpstreamStream stream, StreamSink sink) {
    this.upstream = requireNonNull(upstream, "upstream");
    this.stream = requireNonNull(stream, "stream");
    this.sink = requireNonNull(sink, "sink");
  }

  /** Relays the whole answer; returns once the body has ended after {@code messageStop}. */
  void relay() {
    for (Optional<byte[]> bytes = stream.next(); bytes.isPresent(); bytes = stream.next()) {
      for (EventStreamMessage message : decode(bytes.get())) {
        handle(message);
      }
    }
    try {
      decoder.finish();
    } catch (MalformedEventStreamException e) {
      throw UpstreamErrors.malformed(
          upstream, "a malformed event stream (" + e.getMessage() + ")", e);
    }
    if (!stopped) {
      throw UpstreamErrors.malformed(upstream, "a stream that ended before messageStop", null);
    }
  }

  private List<EventStreamMessage> decode(byte[] bytes) {
    try {
      return decoder.feed(bytes);
    } catch (MalformedEventStreamException e) {
      throw UpstreamErrors.malformed(
          upstream, "a malformed event stream (" + e.getMessage() + ")", e);
    }
  }

  private void handle(EventStreamMessage message) {
    switch (message.text(":message-type").orElse("")) {
      case "event" -> event(message);
      case "exception" ->
          throw BedrockErrors.forStreamed(
              upstream, message.text(":exception-type").orElse(""), message.payload());
      case "error" ->
          throw BedrockErrors.forStreamedError(
              upstream,
              message.text(":error-code").orElse(""),
              message.text(":error-message").orElse(""));
      default -> {}
    }
  }

  private void event(EventStreamMessage message) {
    String type = message.text(":event-type").orElse("");
    if (!StreamEvents.isRelayed(type)) {
      return;
    }
    Optional<StreamEvent> event = StreamEvents.canonical(type, payload(message, type));
    if (event.isPresent()) {
      stopped |= event.get() instanceof StreamEvent.MessageStop;
      sink.accept(event.get());
    }
  }

  private JsonNode payload(EventStreamMessage message, String type) {
    try {
      JsonNode payload = MAPPER.readTree(message.payload());
      if (payload == null || !payload.isObject()) {
        throw UpstreamErrors.malformed(upstream, "a " + type + " event that is not an object", null);
      }
      return payload;
    } catch (IOException e) {
      throw UpstreamErrors.malformed(upstream, "a " + type + " event that is not JSON", e);
    }
  }
}
