package dev.strata.bench.mock.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.core.json.JsonMappers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Writes the mock's answers in Anthropic's Messages format: whole messages and stream events. */
final class MessagesJson {
  private static final ObjectMapper MAPPER = JsonMappers.create();

  private MessagesJson() {}

  /**
   * The tool call the answer makes, when tool calls are configured and the request offers tools.
   */
  record ToolCall(String id, String name, String argumentsJson) {}

  static Optional<ToolCall> toolCall(JsonNode request, AnthropicMockSettings settings, long id) {
    JsonNode tools = request.path("tools");
    if (settings.toolCallArguments().isEmpty() || !tools.isArray() || tools.isEmpty()) {
      return Optional.empty();
    }
    String named = request.path("tool_choice").path("name").asText("");
    String name = named.isEmpty() ? tools.get(0).path("name").asText("tool") : named;
    return Optional.of(
        new ToolCall("toolu_mock" + id, name, settings.toolCallArguments().orElseThrow()));
  }

  static String message(
      String id, String model, AnthropicMockSettings settings, Optional<ToolCall> call) {
    ObjectNode message = skeleton(id, model);
    ArrayNode content = message.putArray("content");
    if (call.isPresent()) {
      content
          .addObject()
          .put("type", "tool_use")
          .put("id", call.get().id())
          .put("name", call.get().name())
          .set("input", parse(call.get().argumentsJson()));
    } else {
      content.addObject().put("type", "text").put("text", settings.responseText());
    }
    message.put("stop_reason", call.isPresent() ? "tool_use" : "end_turn");
    message.putNull("stop_sequence");
    message.set("usage", usage(settings.usage(), settings.usage().outputTokens()));
    return message.toString();
  }

  /** The server-sent events of a streamed answer, each with its blank-line terminator. */
  static List<String> streamEvents(
      String id, String model, AnthropicMockSettings settings, Optional<ToolCall> call) {
    List<String> events = new ArrayList<>();
    ObjectNode start = skeleton(id, model);
    start.putArray("content");
    start.putNull("stop_reason");
    start.putNull("stop_sequence");
    start.set("usage", usage(settings.usage(), 1));
    events.add(event("message_start", object("message_start").set("message", start)));
    ObjectNode block = object(call.isPresent() ? "tool_use" : "text");
    if (call.isPresent()) {
      block.put("id", call.get().id()).put("name", call.get().name()).putObject("input");
    } else {
      block.put("text", "");
    }
    events.add(
        event(
            "content_block_start",
            object("content_block_start").put("index", 0).set("content_block", block)));
    events.add(event("ping", object("ping")));
    String whole = call.isPresent() ? call.get().argumentsJson() : settings.responseText();
    for (String fragment : fragments(whole, settings.streamChunks())) {
      ObjectNode delta =
          call.isPresent()
              ? object("input_json_delta").put("partial_json", fragment)
              : object("text_delta").put("text", fragment);
      events.add(
          event(
              "content_block_delta",
              object("content_block_delta").put("index", 0).set("delta", delta)));
    }
    events.add(event("content_block_stop", object("content_block_stop").put("index", 0)));
    ObjectNode messageDelta = object("message_delta");
    messageDelta
        .putObject("delta")
        .put("stop_reason", call.isPresent() ? "tool_use" : "end_turn")
        .putNull("stop_sequence");
    messageDelta.putObject("usage").put("output_tokens", settings.usage().outputTokens());
    events.add(event("message_delta", messageDelta));
    events.add(event("message_stop", object("message_stop")));
    return events;
  }

  static String errorEvent(String errorType, String message) {
    return event("error", error(errorType, message));
  }

  static String errorBody(String errorType, String message) {
    return error(errorType, message).toString();
  }

  private static ObjectNode error(String errorType, String message) {
    ObjectNode error = object("error");
    error.putObject("error").put("type", errorType).put("message", message);
    return error;
  }

  private static ObjectNode skeleton(String id, String model) {
    return object("message").put("id", id).put("role", "assistant").put("model", model);
  }

  private static ObjectNode usage(AnthropicMockUsage usage, long outputTokens) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("input_tokens", usage.inputTokens());
    json.put(
        "cache_creation_input_tokens",
        usage.cacheWrite5mInputTokens() + usage.cacheWrite1hInputTokens());
    json.put("cache_read_input_tokens", usage.cacheReadInputTokens());
    json.putObject("cache_creation")
        .put("ephemeral_5m_input_tokens", usage.cacheWrite5mInputTokens())
        .put("ephemeral_1h_input_tokens", usage.cacheWrite1hInputTokens());
    json.put("output_tokens", outputTokens);
    return json;
  }

  private static ObjectNode object(String type) {
    return MAPPER.createObjectNode().put("type", type);
  }

  private static String event(String name, JsonNode data) {
    return "event: " + name + "\ndata: " + data + "\n\n";
  }

  private static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("tool call arguments are not JSON: " + json, e);
    }
  }

  /** At most {@code count} non-empty pieces of {@code text}, never splitting a surrogate pair. */
  static List<String> fragments(String text, int count) {
    int[] codePoints = text.codePoints().toArray();
    int pieces = Math.max(1, Math.min(count, codePoints.length));
    List<String> fragments = new ArrayList<>(pieces);
    for (int i = 0; i < pieces; i++) {
      int from = (int) ((long) i * codePoints.length / pieces);
      int to = (int) ((long) (i + 1) * codePoints.length / pieces);
      fragments.add(new String(codePoints, from, to - from));
    }
    return fragments;
  }
}
