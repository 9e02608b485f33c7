package dev.strata.core.testing;

import dev.strata.core.model.StreamEvent;
import dev.strata.core.provider.StreamSink;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link StreamSink} that keeps every event it receives, as a streaming client would see them.
 */
public final class RecordingSink implements StreamSink {
  private final List<StreamEvent> events = new ArrayList<>();

  @Override
  public synchronized void accept(StreamEvent event) {
    events.add(event);
  }

  /** Every event received, in order. */
  public synchronized List<StreamEvent> events() {
    return List.copyOf(events);
  }

  /** The received events of one kind, in order. */
  public synchronized <T extends StreamEvent> List<T> eventsOf(Class<T> kind) {
    return events.stream().filter(kind::isInstance).map(kind::cast).toList();
  }

  /** The text of every received text delta, concatenated. */
  public synchronized String text() {
    StringBuilder text = new StringBuilder();
    for (StreamEvent.TextDelta delta : eventsOf(StreamEvent.TextDelta.class)) {
      text.append(delta.text());
    }
    return text.toString();
  }

  @Override
  public synchronized String toString() {
    return "RecordingSink" + events;
  }
}
