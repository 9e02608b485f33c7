package dev.strata.providers.http;

import static java.util.Objects.requireNonNull;

import dev.strata.core.provider.StreamSink;
import java.util.List;

/**
 * The part every server-sent-events adapter shares when its answer is relayed from the event loop
 * ({@link UpstreamClient#relay}): bytes are parsed into events as they arrive and each is handed to
 * the adapter at once; flow control is asked of the sink the adapter relays to. Once an event ends
 * the answer, the rest of the body is ignored and the call may return before it has ended.
 */
public abstract class SseRelay implements BodyConsumer {
  private final String upstream;
  private final StreamSink downstream;
  private final SseParser parser = new SseParser();
  private boolean complete;

  /**
   * @param downstream the sink the adapter relays its translated events to, asked for flow control
   */
  protected SseRelay(String upstream, StreamSink downstream) {
    this.upstream = requireNonNull(upstream, "upstream");
    this.downstream = requireNonNull(downstream, "downstream");
  }

  /** Handles one event; true when it ends the answer. */
  protected abstract boolean handle(SseEvent event);

  /**
   * Called once the body has ended, after every event in it was handled: fails when the answer is
   * not whole ({@code complete} says whether an event ended it).
   */
  protected abstract void bodyEnded(boolean complete);

  protected final String upstream() {
    return upstream;
  }

  @Override
  public final void accept(byte[] bytes) {
    if (!complete) {
      handleAll(parse(bytes, false));
    }
  }

  @Override
  public final boolean ready(Runnable onReady) {
    return downstream.ready(onReady);
  }

  @Override
  public final boolean complete() {
    return complete;
  }

  /** Handles what the parser still holds at the end of the body, then checks the answer. */
  public final void finish() {
    if (!complete) {
      handleAll(parse(null, true));
    }
    bodyEnded(complete);
  }

  private void handleAll(List<SseEvent> events) {
    for (SseEvent event : events) {
      if (handle(event)) {
        complete = true;
        return;
      }
    }
  }

  private List<SseEvent> parse(byte[] bytes, boolean end) {
    try {
      return end ? parser.finish() : parser.feed(bytes);
    } catch (IllegalStateException tooLarge) {
      throw UpstreamErrors.malformed(upstream, "an oversized stream event", tooLarge);
    }
  }
}
