package dev.strata.bench.mock.gemini;

import static java.util.Objects.requireNonNull;

import java.util.OptionalInt;

/** A scripted outcome for one model request; each such request consumes one. */
sealed interface GeminiOutcome {

  /** A Google error object with this status, RPC status name and optional retry delay. */
  record Fail(int status, OptionalInt retryAfterSeconds, String rpcStatus, String message)
      implements GeminiOutcome {
    public Fail {
      requireNonNull(retryAfterSeconds, "retryAfterSeconds");
      requireNonNull(rpcStatus, "rpcStatus");
      requireNonNull(message, "message");
    }
  }

  /** Reads the request and never answers. */
  record Hang() implements GeminiOutcome {}

  /** Sends {@code afterEvents} stream chunks (or half a whole body), then drops the connection. */
  record BreakStream(int afterEvents) implements GeminiOutcome {}
}
