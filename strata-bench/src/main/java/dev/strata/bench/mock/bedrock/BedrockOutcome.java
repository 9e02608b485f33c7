package dev.strata.bench.mock.bedrock;

import static java.util.Objects.requireNonNull;

/** A scripted outcome for the next request, instead of the configured answer. */
sealed interface BedrockOutcome {

  /** An error: status, {@code x-amzn-ErrorType} and a {@code {"message"}} body. */
  record Fail(int status, String errorType, String message) implements BedrockOutcome {
    public Fail {
      requireNonNull(errorType, "errorType");
      requireNonNull(message, "message");
    }
  }

  /** A stream that sends {@code afterEvents} events, then drops the connection. */
  record BreakStream(int afterEvents) implements BedrockOutcome {}
}
