package dev.strata.core.provider;

import dev.strata.core.model.StreamEvent;

/** Receives a streamed answer's events as they arrive, in order, from one thread at a time. */
@FunctionalInterface
public interface StreamSink {
  void accept(StreamEvent event);

  /**
   * Flow control for producers that must not block, such as an adapter relaying from the event
   * loop that reads its upstream: true when the sink takes the next event at once; false when its
   * client is behind, in which case the sink runs {@code onReady} exactly once — from any thread —
   * as soon as it takes events again (or its client is found gone, so that the next event fails).
   * A producer that may block never needs to ask: {@link #accept} then waits itself.
   */
  default boolean ready(Runnable onReady) {
    return true;
  }
}
