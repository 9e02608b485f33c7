package dev.strata.providers.local;

import static java.util.Objects.requireNonNull;

import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.Message;
import dev.strata.core.model.Role;
import dev.strata.core.model.StreamEvent;
import dev.strata.core.model.Usage;
import dev.strata.core.provider.StreamSink;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The caller's side of a {@link Generation}: on the caller's (virtual) thread it waits for text in
 * short, bounded polls, relays it to the sink as stream events and assembles the answer. Whatever
 * ends the relay early — the sink throwing because the client went away, a stall, an interrupt —
 * cancels the generation and waits (bounded) until its slot is free before the failure propagates.
 */
final class AnswerRelay {
  static final Duration POLL = Duration.ofMillis(250);

  /** The longest wait for the next token, prompt evaluation included, before giving up. */
  static final Duration MAX_SILENCE = Duration.ofMinutes(10);

  /** How long a cancelled generation may take to stop and free its slot. */
  static final Duration CANCEL_GRACE = Duration.ofSeconds(30);

  private static final String CONTEXT_EXCEEDED = "exceeds the available context size";

  private final Generation generation;
  private final StreamSink sink;
  private final int promptTokens;
  private final int reusedTokens;
  private final StringBuilder text = new StringBuilder();
  private boolean started;

  AnswerRelay(Generation generation, StreamSink sink, int promptTokens, int reusedTokens) {
    this.generation = requireNonNull(generation, "generation");
    this.sink = requireNonNull(sink, "sink");
    this.promptTokens = promptTokens;
    this.reusedTokens = reusedTokens;
  }

  /** Relays the whole answer and returns it; throws, after relaying what arrived, if it broke. */
  ChatResponse relay() {
    try {
      return relayUntilDone();
    } catch (RuntimeException failure) {
      generation.requestCancel();
      generation.awaitDone(CANCEL_GRACE);
      throw failure;
    }
  }

  private ChatResponse relayUntilDone() {
    long silentSince = System.nanoTime();
    while (true) {
      String piece = next();
      if (piece != null) {
        text(piece);
        silentSince = System.nanoTime();
      } else if (generation.isDone()) {
        for (String rest = generation.nextTextNow();
            rest != null;
            rest = generation.nextTextNow()) {
          text(rest);
        }
        return finish(generation.outcome());
      } else if (System.nanoTime() - silentSince > MAX_SILENCE.toNanos()) {
        throw StrataException.builder(
                ErrorKind.UPSTREAM_TIMEOUT,
                "the local engine produced nothing for " + MAX_SILENCE.toMinutes() + " min")
            .build();
      }
    }
  }

  private String next() {
    try {
      return generation.nextText(POLL);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw StrataException.builder(
              ErrorKind.CLIENT_CLOSED, "interrupted while the local engine was answering")
          .cause(e)
          .build();
    }
  }

  private void start() {
    if (!started) {
      started = true;
      sink.accept(new StreamEvent.MessageStart(Role.ASSISTANT));
    }
  }

  private void text(String piece) {
    start();
    text.append(piece);
    sink.accept(new StreamEvent.TextDelta(0, piece));
  }

  private ChatResponse finish(Generation.Outcome outcome) {
    return switch (outcome) {
      case Generation.Outcome.Finished finished -> {
        Usage usage =
            new Usage(promptTokens - reusedTokens, finished.completionTokens(), reusedTokens, 0, 0);
        boolean hadText = started;
        start();
        if (hadText) {
          sink.accept(new StreamEvent.ContentBlockStop(0));
        }
        sink.accept(new StreamEvent.MessageStop(finished.reason()));
        sink.accept(new StreamEvent.UsageReport(usage));
        yield new ChatResponse(
            new Message(Role.ASSISTANT, List.of(new ContentBlock.Text(text.toString()))),
            finished.reason(),
            Optional.of(usage));
      }
      case Generation.Outcome.Cancelled cancelled ->
          throw broken(
              StrataException.builder(
                      ErrorKind.UNAVAILABLE, "the local engine shut down while answering")
                  .build());
      case Generation.Outcome.Failed failed -> throw broken(failure(failed.error()));
    };
  }

  private static StrataException failure(RuntimeException error) {
    String message = error.getMessage() == null ? "" : error.getMessage();
    if (message.contains(CONTEXT_EXCEEDED)) {
      return StrataException.builder(
              ErrorKind.INVALID_REQUEST,
              "the prompt does not fit the local model's context per slot")
          .param("messages")
          .cause(error)
          .build();
    }
    return EngineThreads.failure("answer", error);
  }

  /** A failure after text was relayed cannot be retried elsewhere: it becomes an upstream error. */
  private StrataException broken(StrataException failure) {
    if (!started || !failure.isRetryable()) {
      return failure;
    }
    return StrataException.builder(
            ErrorKind.UPSTREAM_ERROR,
            "the streamed answer broke off after it had begun: " + failure.getMessage())
        .cause(failure)
        .build();
  }
}
