package dev.strata.bench.mock;

import static java.util.Objects.requireNonNull;

import java.util.OptionalInt;

/**
 * A scripted outcome for one model request ({@code POST /v1/chat/completions} or {@code POST
 * /v1/embeddings}); {@link MockOpenAiUpstream#enqueue} queues them and each such request consumes
 * the next one.
 */
public sealed interface MockOutcome {

  /**
   * Answers {@code status} with this exact body (JSON when it starts with '{', else plain text) and
   * an optional {@code Retry-After} header.
   */
  record Fail(int status, OptionalInt retryAfterSeconds, String body) implements MockOutcome {
    public Fail {
      requireNonNull(retryAfterSeconds, "retryAfterSeconds");
      requireNonNull(body, "body");
      if (status < 400 || status > 599) {
        throw new IllegalArgumentException("a failure status is 4xx or 5xx, was " + status);
      }
    }

    /** An OpenAI error object whose type and code follow the status as OpenAI's API sets them. */
    public static Fail openAiError(int status, OptionalInt retryAfterSeconds, String message) {
      return new Fail(status, retryAfterSeconds, OpenAiErrors.body(status, message));
    }
  }

  /** Reads the request and never answers; the connection is closed when the mock closes. */
  record Hang() implements MockOutcome {}

  /**
   * Sends {@code afterEvents} server-sent events (or, for a non-streamed answer, half the body) and
   * then closes the connection without {@code [DONE]}.
   */
  record BreakStream(int afterEvents) implements MockOutcome {
    public BreakStream {
      if (afterEvents < 0) {
        throw new IllegalArgumentException("afterEvents cannot be negative, was " + afterEvents);
      }
    }
  }

  /** Answers normally but without any usage: no {@code usage} field, no usage chunk. */
  record OmitUsage() implements MockOutcome {}
}
