package dev.strata.providers.http;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One server-sent event: its type ({@code message} unless an {@code event:} field named another),
 * its data lines joined by {@code \n}, and the {@code id:} it carried, if any.
 */
public record SseEvent(String type, String data, Optional<String> id) {
  public SseEvent {
    requireNonNull(type, "type");
    requireNonNull(data, "data");
    requireNonNull(id, "id");
  }

  /** A {@code message} event without an id. */
  public static SseEvent message(String data) {
    return new SseEvent("message", data, Optional.empty());
  }
}
