package dev.strata.providers.http;

import static java.util.Objects.requireNonNull;

import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.StreamEvent;
import dev.strata.core.provider.StreamAccumulator;
import dev.strata.core.provider.StreamSink;

/**
 * Used by every streaming adapter: passes events to the caller's sink while assembling the answer and remembering whether anything
 * went out (after which a failure may not be retried). A failure of the caller's sink is wrapped in
 * {@link SinkFailure}, so that it is told apart from upstream failures and is never retried.
 */
public final class RelayingSink implements StreamSink {
  private final StreamSink client;
  private final StreamAccumulator answer = new StreamAccumulator();
  private boolean relayed;

  public RelayingSink(StreamSink client) {
    this.client = requireNonNull(client, "client");
  }

  @Override
  public void accept(StreamEvent event) {
    relayed = true;
    answer.accept(event);
    try {
      client.accept(event);
    } catch (RuntimeException | Error failure) {
      throw new SinkFailure(failure);
    }
  }

  public boolean hasRelayed() {
    return relayed;
  }

  public ChatResponse answer() {
    return answer.response();
  }

  /** The caller's sink threw: the caller is gone or broken, and the stream must stop. */
  public static final class SinkFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SinkFailure(Throwable cause) {
      super("the stream sink failed", cause, false, false);
    }

    /** Throws the sink's own exception again. */
    public RuntimeException rethrow() {
      if (getCause() instanceof Error error) {
        throw error;
      }
      return (RuntimeException) getCause();
    }
  }
}
