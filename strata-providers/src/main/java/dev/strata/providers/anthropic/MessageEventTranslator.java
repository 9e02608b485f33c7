package dev.strata.providers.anthropic;

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
 * Turns Anthropic's stream events into canonical ones as they arrive. Text and tool-use blocks get
 * canonical indices in order of appearance (thinking blocks are skipped, so indices may differ from
 * Anthropic's). Usage from {@code message_start} is updated by {@code message_delta} and reported
 * after the message stop. The canonical message start waits for the first block, so that an
 * overload reported right after {@code message_start} has relayed nothing and may be retried.
 */
final class MessageEventTranslator {
  private final StreamSink sink;
  private final Map<Integer, Integer> blocks = new HashMap<>();
  private int nextBlock;
  private boolean started;
  private StopReason stopReason = StopReason.END_TURN;
  private Optional<Usage> usage = Optional.empty();

  MessageEventTranslator(StreamSink sink) {
    this.sink = requireNonNull(sink, "sink");
  }

  /** Relays what one event adds; true at {@code message_stop}, the end of the answer. */
  boolean accept(JsonNode event) {
    switch (event.path("type").asText("")) {
      case "message_start" -> usage = AnthropicUsage.parse(event.path("message").path("usage"));
      case "content_block_start" ->
          blockStart(event.path("index").asInt(), event.path("content_block"));
      case "content_block_delta" -> delta(event.path("index").asInt(), event.path("delta"));
      case "content_block_stop" -> {
        Integer block = blocks.get(event.path("index").asInt());
        if (block != null) {
          sink.accept(new StreamEvent.ContentBlockStop(block));
        }
      }
      case "message_delta" -> {
        JsonNode reason = event.path("delta").path("stop_reason");
        if (reason.isTextual()) {
          stopReason = StopReasons.of(reason.asText());
        }
        JsonNode reported = event.path("usage");
        if (reported.isObject()) {
          usage = Optional.of(AnthropicUsage.merge(usage.orElse(Usage.ZERO), reported));
        }
      }
      case "message_stop" -> {
        start();
        sink.accept(new StreamEvent.MessageStop(stopReason));
        usage.ifPresent(value -> sink.accept(new StreamEvent.UsageReport(value)));
        return true;
      }
      default -> {}
    }
    return false;
  }

  private void start() {
    if (!started) {
      started = true;
      sink.accept(new StreamEvent.MessageStart(Role.ASSISTANT));
    }
  }

  private void blockStart(int upstreamIndex, JsonNode block) {
    start();
    switch (block.path("type").asText("")) {
      case "text" -> {
        int index = open(upstreamIndex);
        String text = block.path("text").asText("");
        if (!text.isEmpty()) {
          sink.accept(new StreamEvent.TextDelta(index, text));
        }
      }
      case "tool_use" -> {
        int index = open(upstreamIndex);
        sink.accept(
            new StreamEvent.ToolUseStart(
                index, block.path("id").asText(""), block.path("name").asText("")));
        JsonNode input = block.path("input");
        if (input.isObject() && !input.isEmpty()) {
          sink.accept(new StreamEvent.ToolInputDelta(index, input.toString()));
        }
      }
      default -> {}
    }
  }

  private int open(int upstreamIndex) {
    int index = nextBlock++;
    blocks.put(upstreamIndex, index);
    return index;
  }

  private void delta(int upstreamIndex, JsonNode delta) {
    Integer block = blocks.get(upstreamIndex);
    if (block == null) {
      return;
    }
    switch (delta.path("type").asText("")) {
      case "text_delta" -> {
        String text = delta.path("text").asText("");
        if (!text.isEmpty()) {
          sink.accept(new StreamEvent.TextDelta(block, text));
        }
      }
      case "input_json_delta" -> {
        String json = delta.path("partial_json").asText("");
        if (!json.isEmpty()) {
          sink.accept(new StreamEvent.ToolInputDelta(block, json));
        }
      }
      default -> {}
    }
  }
}
