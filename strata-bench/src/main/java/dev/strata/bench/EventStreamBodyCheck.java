package dev.strata.bench;

import dev.strata.core.eventstream.EventStreamDecoder;
import dev.strata.core.eventstream.EventStreamMessage;
import dev.strata.core.eventstream.MalformedEventStreamException;
import java.util.List;
import java.util.Optional;

/**
 * Checks that a response body is a whole, successful ConverseStream: valid event-stream frames,
 * {@code messageStart} first, {@code metadata} last, no exception message — so the benchmark
 * never times an error as fast as an answer.
 */
final class EventStreamBodyCheck {

  private EventStreamBodyCheck() {}

  /** The problem with the body, or empty when it is a complete ConverseStream answer. */
  static Optional<String> problem(byte[] body) {
    List<EventStreamMessage> messages;
    try {
      EventStreamDecoder decoder = new EventStreamDecoder();
      messages = decoder.feed(body);
      decoder.finish();
    } catch (MalformedEventStreamException e) {
      return Optional.of("malformed event stream");
    }
    if (messages.isEmpty()) {
      return Optional.of("empty event stream");
    }
    for (EventStreamMessage message : messages) {
      if (!message.text(":message-type").orElse("").equals("event")) {
        return Optional.of(
            "stream " + message.text(":exception-type").orElse("message that is not an event"));
      }
    }
    if (!eventType(messages.get(0)).equals("messageStart")) {
      return Optional.of("stream does not start with messageStart");
    }
    if (!eventType(messages.get(messages.size() - 1)).equals("metadata")) {
      return Optional.of("stream does not end with metadata");
    }
    return Optional.empty();
  }

  private static String eventType(EventStreamMessage message) {
    return message.text(":event-type").orElse("");
  }
}
