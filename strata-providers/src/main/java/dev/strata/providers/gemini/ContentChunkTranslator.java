package dev.strata.providers.gemini;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.Role;
import dev.strata.core.model.StopReason;
import dev.strata.core.model.StreamEvent;
import dev.strata.core.model.Usage;
import dev.strata.core.provider.StreamSink;
import java.util.Optional;

/**
 * Turns streamed {@code GenerateContentResponse} chunks into canonical events as they arrive. Text
 * runs into one block until a function call interrupts it; each call (Gemini sends it whole) is a
 * block of its own. The last {@code usageMetadata} wins. The answer is complete once a chunk gave a
 * finish reason (or a blocked prompt) and the body ended.
 */
final class ContentChunkTranslator {
  private static final int NONE = -1;

  private final StreamSink sink;
  private boolean started;
  private int nextBlock;
  private int openText = NONE;
  private boolean called;
  private Optional<StopReason> stop = Optional.empty();
  private String finishReason;
  private Optional<Usage> usage = Optional.empty();

  ContentChunkTranslator(StreamSink sink) {
    this.sink = requireNonNull(sink, "sink");
  }

  void accept(JsonNode chunk) {
    JsonNode candidate = chunk.path("candidates").path(0);
    for (JsonNode part : candidate.path("content").path("parts")) {
      if (part.path("thought").asBoolean(false)) {
        continue;
      }
      if (part.has("text")) {
        text(part.path("text").asText(""));
      } else if (part.has("functionCall")) {
        call(GenerateContentResponseJson.toolUse(part.path("functionCall")));
      }
    }
    if (candidate.path("finishReason").isTextual()) {
      finishReason = candidate.path("finishReason").asText();
    }
    if (candidate.isMissingNode() && chunk.path("promptFeedback").has("blockReason")) {
      stop = Optional.of(StopReason.CONTENT_FILTERED);
    }
    Optional<Usage> reported = GeminiUsage.parse(chunk.path("usageMetadata"));
    if (reported.isPresent()) {
      usage = reported;
    }
  }

  /** Whether the upstream said the answer is finished. */
  boolean isFinished() {
    return finishReason != null || stop.isPresent();
  }

  /** Closes the open block and the message, and reports the usage. */
  void finish() {
    start();
    closeText();
    sink.accept(
        new StreamEvent.MessageStop(
            stop.orElseGet(
                () -> FinishReasons.of(finishReason == null ? "" : finishReason, called))));
    usage.ifPresent(value -> sink.accept(new StreamEvent.UsageReport(value)));
  }

  private void start() {
    if (!started) {
      started = true;
      sink.accept(new StreamEvent.MessageStart(Role.ASSISTANT));
    }
  }

  private void text(String text) {
    if (text.isEmpty()) {
      return;
    }
    start();
    if (openText == NONE) {
      openText = nextBlock++;
    }
    sink.accept(new StreamEvent.TextDelta(openText, text));
  }

  private void call(ContentBlock.ToolUse use) {
    start();
    closeText();
    called = true;
    int index = nextBlock++;
    sink.accept(new StreamEvent.ToolUseStart(index, use.id(), use.name()));
    sink.accept(new StreamEvent.ToolInputDelta(index, use.input().toString()));
    sink.accept(new StreamEvent.ContentBlockStop(index));
  }

  private void closeText() {
    if (openText != NONE) {
      sink.accept(new StreamEvent.ContentBlockStop(openText));
      openText = NONE;
    }
  }
}
