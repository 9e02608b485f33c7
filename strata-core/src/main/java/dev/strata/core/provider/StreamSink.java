package dev.strata.core.provider;

import dev.strata.core.model.StreamEvent;

/** Receives a streamed answer's events as they arrive, in order, from one thread at a time. */
@FunctionalInterface
public interface StreamSink {
  void accept(StreamEvent event);
}
