package dev.strata.core.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.strata.core.json.JsonMappers;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.Message;
import dev.strata.core.model.Role;
import dev.strata.core.model.StopReason;
import dev.strata.core.model.StreamEvent;
import dev.strata.core.model.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Assembles stream events into the complete answer, so that a streamed call is metered and logged
 * like a plain one — and a broken stream is metered for what it delivered.
 */
public final class StreamAccumulator implements StreamSink {
  private static final ObjectMapper JSON = JsonMappers.create();

  private final TreeMap<Integer, Block> blocks = new TreeMap<>();
  private StopReason stopReason;
  private Usage usage;

  @Override
  public void accept(StreamEvent event) {
    switch (event) {
      case StreamEvent.MessageStart start -> {}
      case StreamEvent.ToolUseStart start ->
          blocks.put(start.index(), new Block(start.toolUseId(), start.name()));
      case StreamEvent.TextDelta delta ->
          blocks.computeIfAbsent(delta.index(), i -> new Block(null, null)).append(delta.text());
      case StreamEvent.ToolInputDelta delta ->
          blocks
              .computeIfAbsent(delta.index(), i -> new Block("call_" + i, "unknown"))
              .append(delta.partialJson());
      case StreamEvent.ContentBlockStop stop -> {}
      case StreamEvent.MessageStop stop -> stopReason = stop.stopReason();
      case StreamEvent.UsageReport report -> usage = report.usage();
    }
  }

  /** Whether any content has arrived. */
  public boolean hasContent() {
    return !blocks.isEmpty();
  }

  /** The answer so far; a stream without a stop event ends as {@link StopReason#END_TURN}. */
  public ChatResponse response() {
    List<ContentBlock> content = new ArrayList<>();
    for (Block block : blocks.values()) {
      content.add(block.toContentBlock());
    }
    return new ChatResponse(
        new Message(Role.ASSISTANT, content),
        stopReason == null ? StopReason.END_TURN : stopReason,
        Optional.ofNullable(usage));
  }

  private static final class Block {
    private final String toolUseId;
    private final String toolName;
    private final StringBuilder text = new StringBuilder();

    Block(String toolUseId, String toolName) {
      this.toolUseId = toolUseId;
      this.toolName = toolName;
    }

    void append(String more) {
      text.append(more);
    }

    ContentBlock toContentBlock() {
      if (toolName == null) {
        return new ContentBlock.Text(text.toString());
      }
      return new ContentBlock.ToolUse(toolUseId, toolName, parseInput(text.toString()));
    }

    private static JsonNode parseInput(String json) {
      if (json.isBlank()) {
        return JsonNodeFactory.instance.objectNode();
      }
      try {
        return JSON.readTree(json);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        // A stream cut mid-arguments leaves partial JSON; keep it as text for metering.
        return JsonNodeFactory.instance.textNode(json);
      }
    }
  }
}
