package dev.strata.providers.openai;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.model.Role;
import dev.strata.core.model.StopReason;
import dev.strata.core.model.StreamEvent;
import dev.strata.core.model.Usage;
import dev.strata.core.provider.StreamSink;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns OpenAI {@code chat.completion.chunk}s into canonical stream events as they arrive. Text and
 * each tool call (by OpenAI's {@code index}) get their own canonical block index, in order of
 * appearance; starting a new block stops the open one. The finish reason closes the message; the
 * usage chunk that follows it is reported when the stream is done. Only the first choice is
 * relayed. Chunks come from {@link ChatChunkReader}.
 */
final class ChunkTranslator {
  private static final int NONE = -1;

  private final StreamSink sink;
  private final Map<Integer, Integer> toolBlocks = new HashMap<>();
  private boolean started;
  private int nextBlock;
  private int openBlock = NONE;
  private boolean openIsText;
  private boolean sawToolCalls;
  private boolean stopped;
  private Optional<Usage> usage = Optional.empty();

  ChunkTranslator(StreamSink sink) {
    this.sink = requireNonNull(sink, "sink");
  }

  /** Relays what one chunk adds. */
  void accept(ChatChunk chunk) {
    for (ChatChunk.Delta choice : chunk.choices()) {
      start();
      text(choice.text());
      text(choice.refusal());
      for (int i = 0; i < choice.toolCalls().size(); i++) {
        toolCall(choice.toolCalls().get(i), i);
      }
      if (choice.finishReason().isPresent()) {
        finish(
            FinishReasons.of(
                choice.finishReason().get(), choice.stopSequenceNamed(), sawToolCalls));
      }
    }
    if (chunk.usage().isPresent()) {
      usage = chunk.usage();
    }
  }

  /** The upstream said {@code [DONE]}: closes what is open and reports the usage. */
  void done() {
    start();
    finish(sawToolCalls ? StopReason.TOOL_USE : StopReason.END_TURN);
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
    if (openBlock == NONE || !openIsText) {
      open(true);
    }
    sink.accept(new StreamEvent.TextDelta(openBlock, text));
  }

  private void toolCall(JsonNode call, int position) {
    sawToolCalls = true;
    int toolIndex = call.path("index").asInt(position);
    Integer block = toolBlocks.get(toolIndex);
    JsonNode function = call.path("function");
    if (block == null) {
      block = open(false);
      toolBlocks.put(toolIndex, block);
      String id = call.path("id").asText("");
      sink.accept(
          new StreamEvent.ToolUseStart(
              block, id.isEmpty() ? "call_" + block : id, function.path("name").asText("")));
    }
    // A late fragment of an earlier tool call keeps that call's index, even though it is stopped.
    JsonNode arguments = function.path("arguments");
    String fragment = arguments.isTextual() ? arguments.asText() : argumentsObject(arguments);
    if (!fragment.isEmpty()) {
      sink.accept(new StreamEvent.ToolInputDelta(block, fragment));
    }
  }

  private static String argumentsObject(JsonNode arguments) {
    return arguments.isObject() ? arguments.toString() : "";
  }

  private int open(boolean text) {
    closeOpen();
    openBlock = nextBlock++;
    openIsText = text;
    return openBlock;
  }

  private void closeOpen() {
    if (openBlock != NONE) {
      sink.accept(new StreamEvent.ContentBlockStop(openBlock));
      openBlock = NONE;
    }
  }

  private void finish(StopReason reason) {
    closeOpen();
    if (!stopped) {
      stopped = true;
      sink.accept(new StreamEvent.MessageStop(reason));
    }
  }
}
