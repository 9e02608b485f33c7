package dev.strata.bench.mock;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** Renders a {@link ChatReply} as OpenAI's {@code chat.completion} or its stream of chunks. */
final class ChatCompletionJson {

  static final String DONE_EVENT = "data: [DONE]\n\n";
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private ChatCompletionJson() {}

  static String completion(ChatReply reply) {
    ObjectNode message = JSON.objectNode().put("role", "assistant");
    reply
        .toolCall()
        .ifPresentOrElse(
            call -> {
              message.putNull("content");
              ObjectNode toolCall = message.putArray("tool_calls").addObject();
              toolCall.put("id", call.id()).put("type", "function");
              toolCall
                  .putObject("function")
                  .put("name", call.name())
                  .put("arguments", call.arguments());
            },
            () -> message.put("content", reply.text()));
    message.putNull("refusal");
    ObjectNode choice = JSON.objectNode().put("index", 0);
    choice.set("message", message);
    choice.putNull("logprobs");
    choice.put("finish_reason", reply.finishReason());
    ObjectNode root = header(reply, "chat.completion");
    root.putArray("choices").add(choice);
    reply.usage().ifPresent(usage -> root.set("usage", usage(usage)));
    return root.toString();
  }

  /**
   * The server-sent events of a streamed reply: role, content (or tool-call) fragments, finish
   * reason, then the usage chunk when asked for and known, then {@code [DONE]}.
   */
  static List<String> streamEvents(ChatReply reply, int fragments, boolean includeUsage) {
    List<ObjectNode> deltas = new ArrayList<>(fragments + 2);
    ObjectNode roleDelta = JSON.objectNode().put("role", "assistant");
    deltas.add(
        reply.toolCall().isPresent() ? roleDelta.putNull("content") : roleDelta.put("content", ""));
    reply
        .toolCall()
        .ifPresentOrElse(
            call -> deltas.addAll(toolCallDeltas(call, fragments)),
            () -> {
              for (String piece : TextFragments.split(reply.text(), fragments)) {
                deltas.add(JSON.objectNode().put("content", piece));
              }
            });
    List<String> events = new ArrayList<>(deltas.size() + 3);
    deltas.forEach(delta -> events.add(chunk(reply, delta, null, includeUsage)));
    events.add(chunk(reply, JSON.objectNode(), reply.finishReason(), includeUsage));
    if (includeUsage && reply.usage().isPresent()) {
      ObjectNode last = header(reply, "chat.completion.chunk");
      last.putArray("choices");
      last.set("usage", usage(reply.usage().get()));
      events.add(event(last));
    }
    events.add(DONE_EVENT);
    return events;
  }

  /** As OpenAI streams a call: id, type and name with empty arguments, then argument pieces. */
  private static List<ObjectNode> toolCallDeltas(ChatReply.ToolCall call, int fragments) {
    List<ObjectNode> deltas = new ArrayList<>(fragments + 1);
    ObjectNode start = JSON.objectNode();
    toolCallDelta(start)
        .put("id", call.id())
        .put("type", "function")
        .putObject("function")
        .put("name", call.name())
        .put("arguments", "");
    deltas.add(start);
    for (String piece : TextFragments.split(call.arguments(), fragments)) {
      ObjectNode delta = JSON.objectNode();
      toolCallDelta(delta).putObject("function").put("arguments", piece);
      deltas.add(delta);
    }
    return deltas;
  }

  private static ObjectNode toolCallDelta(ObjectNode delta) {
    return delta.putArray("tool_calls").addObject().put("index", 0);
  }

  private static String chunk(
      ChatReply reply, ObjectNode delta, String finishReason, boolean includeUsage) {
    ObjectNode choice = JSON.objectNode().put("index", 0);
    choice.set("delta", delta);
    choice.putNull("logprobs");
    choice.put("finish_reason", finishReason);
    ObjectNode root = header(reply, "chat.completion.chunk");
    ArrayNode choices = root.putArray("choices");
    choices.add(choice);
    if (includeUsage) {
      root.putNull("usage");
    }
    return event(root);
  }

  private static ObjectNode header(ChatReply reply, String object) {
    return JSON.objectNode()
        .put("id", reply.id())
        .put("object", object)
        .put("created", reply.created())
        .put("model", reply.model())
        .put("system_fingerprint", "fp_mock");
  }

  private static ObjectNode usage(MockUsage usage) {
    ObjectNode node =
        JSON.objectNode()
            .put("prompt_tokens", usage.promptTokens())
            .put("completion_tokens", usage.completionTokens())
            .put("total_tokens", usage.totalTokens());
    node.putObject("prompt_tokens_details")
        .put("cached_tokens", usage.cachedTokens())
        .put("audio_tokens", 0);
    node.putObject("completion_tokens_details")
        .put("reasoning_tokens", 0)
        .put("audio_tokens", 0)
        .put("accepted_prediction_tokens", 0)
        .put("rejected_prediction_tokens", 0);
    return node;
  }

  private static String event(ObjectNode data) {
    return "data: " + data + "\n\n";
  }
}
