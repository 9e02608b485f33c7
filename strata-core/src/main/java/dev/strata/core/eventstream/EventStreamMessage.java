package dev.strata.core.eventstream;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** One event-stream message: named, typed headers in wire order, and an opaque payload. */
public record EventStreamMessage(Map<String, HeaderValue> headers, byte[] payload) {
  public EventStreamMessage {
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(headers, "headers")));
    payload = requireNonNull(payload, "payload").clone();
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /** The payload decoded as UTF-8. */
  public String payloadText() {
    return new String(payload, StandardCharsets.UTF_8);
  }

  /** The value of a string header, if present and of string type. */
  public Optional<String> text(String header) {
    return headers.get(header) instanceof HeaderValue.Text text
        ? Optional.of(text.value())
        : Optional.empty();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof EventStreamMessage that
        && headers.equals(that.headers)
        && Arrays.equals(payload, that.payload);
  }

  @Override
  public int hashCode() {
    return 31 * headers.hashCode() + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "EventStreamMessage[" + headers + ", " + payload.length + " bytes]";
  }
}
