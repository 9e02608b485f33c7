package dev.strata.bench.mock.bedrock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.core.eventstream.EventStreamEncoder;
import dev.strata.core.eventstream.EventStreamMessage;
import dev.strata.core.eventstream.HeaderValue;
import dev.strata.core.json.JsonMappers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds Converse answers and ConverseStream event-stream messages from the mock's settings. */
final class ConverseJson {
  private static final ObjectMapper MAPPER = JsonMappers.create();

  private ConverseJson() {}

  /** The whole Converse answer. */
  static String answer(BedrockMockSettings settings) {
    ObjectNode root = MAPPER.createObjectNode();
    ObjectNode message = root.putObject("output").putObject("message");
    message.put("role", "assistant");
    ObjectNode block = message.putArray("content").addObject();
    if (settings.toolCall().isPresent()) {
      BedrockMockSettings.ToolCall call = settings.toolCall().get();
      ObjectNode toolUse = block.putObject("toolUse");
      toolUse.put("toolUseId", call.toolUseId());
      toolUse.put("name", call.name());
      toolUse.set("input", parse(call.inputJson()));
      root.put("stopReason", "tool_use");
    } else {
      block.put("text", settings.text());
      root.put("stopReason", "end_turn");
    }
    root.set("usage", usage(settings));
    root.putObject("metrics").put("latencyMs", 1);
    return root.toString();
  }

  /** The ConverseStream events, each one encoded event-stream message. */
  static List<byte[]> events(BedrockMockSettings settings) {
    List<byte[]> events = new ArrayList<>();
    events.add(event("messageStart", MAPPER.createObjectNode().put("role", "assistant")));
    if (settings.toolCall().isPresent()) {
      BedrockMockSettings.ToolCall call = settings.toolCall().get();
      ObjectNode start = MAPPER.createObjectNode().put("contentBlockIndex", 0);
      start
          .putObject("start")
          .putObject("toolUse")
          .put("toolUseId", call.toolUseId())
          .put("name", call.name());
      events.add(event("contentBlockStart", start));
      for (String piece : chunks(call.inputJson(), settings.chunkSize())) {
        ObjectNode delta = MAPPER.createObjectNode().put("contentBlockIndex", 0);
        delta.putObject("delta").putObject("toolUse").put("input", piece);
        events.add(event("contentBlockDelta", delta));
      }
    } else {
      for (String piece : chunks(settings.text(), settings.chunkSize())) {
        ObjectNode delta = MAPPER.createObjectNode().put("contentBlockIndex", 0);
        delta.putObject("delta").put("text", piece);
        events.add(event("contentBlockDelta", delta));
      }
    }
    events.add(event("contentBlockStop", MAPPER.createObjectNode().put("contentBlockIndex", 0)));
    String stop = settings.toolCall().isPresent() ? "tool_use" : "end_turn";
    events.add(event("messageStop", MAPPER.createObjectNode().put("stopReason", stop)));
    ObjectNode metadata = MAPPER.createObjectNode();
    metadata.set("usage", usage(settings));
    metadata.putObject("metrics").put("latencyMs", 1);
    events.add(event("metadata", metadata));
    return events;
  }

  /** An error body, {@code {"message": ...}}. */
  static String error(String message) {
    return MAPPER.createObjectNode().put("message", message).toString();
  }

  private static ObjectNode usage(BedrockMockSettings settings) {
    ObjectNode usage = MAPPER.createObjectNode();
    usage.put("inputTokens", settings.inputTokens());
    usage.put("outputTokens", settings.outputTokens());
    usage.put(
        "totalTokens",
        settings.inputTokens()
            + settings.outputTokens()
            + settings.cacheReadInputTokens()
            + settings.cacheWriteInputTokens());
    if (settings.cacheReadInputTokens() > 0) {
      usage.put("cacheReadInputTokens", settings.cacheReadInputTokens());
    }
    if (settings.cacheWriteInputTokens() > 0) {
      usage.put("cacheWriteInputTokens", settings.cacheWriteInputTokens());
    }
    return usage;
  }

  private static byte[] event(String type, ObjectNode payload) {
    Map<String, HeaderValue> headers = new LinkedHashMap<>();
    headers.put(":event-type", new HeaderValue.Text(type));
    headers.put(":content-type", new HeaderValue.Text("application/json"));
    headers.put(":message-type", new HeaderValue.Text("event"));
    byte[] body = payload.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return EventStreamEncoder.encode(new EventStreamMessage(headers, body));
  }

  private static List<String> chunks(String text, int size) {
    List<String> pieces = new ArrayList<>();
    for (int i = 0; i < text.length(); i += size) {
      pieces.add(text.substring(i, Math.min(text.length(), i + size)));
    }
    return pieces;
  }

  private static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the mock's tool input is not JSON: " + json, e);
    }
  }
}
