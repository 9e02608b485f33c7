package dev.strata.bench.mock.anthropic;

import static java.util.Objects.requireNonNull;

import java.util.OptionalInt;

/** A scripted outcome for one {@code POST /v1/messages}; each such request consumes one. */
sealed interface AnthropicOutcome {

  /** An Anthropic error object with this status, error type and optional {@code Retry-After}. */
  record Fail(int status, OptionalInt retryAfterSeconds, String errorType, String message)
      implements AnthropicOutcome {
    public Fail {
      requireNonNull(retryAfterSeconds, "retryAfterSeconds");
      requireNonNull(errorType, "errorType");
      requireNonNull(message, "message");
    }
  }

  /** Reads the request and never answers. */
  record Hang() implements AnthropicOutcome {}

  /** Sends {@code afterEvents} stream events (or half a whole body), then drops the connection. */
  record BreakStream(int afterEvents) implements AnthropicOutcome {}

  /** Sends {@code afterEvents} stream events, then an {@code error} event, then ends. */
  record ErrorEvent(int afterEvents, String errorType, String message) implements AnthropicOutcome {
    public ErrorEvent {
      requireNonNull(errorType, "errorType");
      requireNonNull(message, "message");
    }
  }
}
