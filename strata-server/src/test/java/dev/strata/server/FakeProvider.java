package dev.strata.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.EmbeddingResponse;
import dev.strata.core.model.Message;
import dev.strata.core.model.Role;
import dev.strata.core.model.StopReason;
import dev.strata.core.model.StreamEvent;
import dev.strata.core.model.Usage;
import dev.strata.core.provider.EmbeddingProvider;
import dev.strata.core.provider.ModelCall;
import dev.strata.core.provider.Provider;
import dev.strata.core.provider.StreamSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A scripted upstream for tests: each test sets what the next calls answer — a reply, a stream of
 * events, a failure — and can look at the last canonical call the server made.
 */
final class FakeProvider implements Provider {
  static final String NAME = "fake";
  static final Usage DEFAULT_USAGE = new Usage(12, 5, 0, 0, 0);

  /** What a call answers; {@code sink} is null for a call that is not streamed. */
  @FunctionalInterface
  interface Script {
    ChatResponse answer(ModelCall call, StreamSink sink);
  }

  private volatile Script script = text("Hello!", DEFAULT_USAGE);
  private volatile ModelCall lastCall;
  private volatile dev.strata.core.model.EmbeddingRequest lastEmbedding;

  void script(Script next) {
    this.script = next;
  }

  ModelCall lastCall() {
    return lastCall;
  }

  dev.strata.core.model.EmbeddingRequest lastEmbedding() {
    return lastEmbedding;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ChatResponse converse(ModelCall call) {
    lastCall = call;
    return script.answer(call, null);
  }

  @Override
  public ChatResponse converseStream(ModelCall call, StreamSink sink) {
    lastCall = call;
    return script.answer(call, sink);
  }

  @Override
  public Optional<EmbeddingProvider> embeddings() {
    return Optional.of(
        request -> {
          lastEmbedding = request;
          List<float[]> vectors = new ArrayList<>();
          for (int i = 0; i < request.inputs().size(); i++) {
            vectors.add(vector(i, request.dimensions().orElse(4)));
          }
          return new EmbeddingResponse(vectors, Optional.of(7L * request.inputs().size()));
        });
  }

  /** The vector returned for input {@code index}. */
  static float[] vector(int index, int dimensions) {
    float[] v = new float[dimensions];
    for (int d = 0; d < dimensions; d++) {
      v[d] = (index + 1) * 0.25f - d * 0.125f;
    }
    return v;
  }

  /** Answers with {@code text}; streamed as one delta per word-ish piece. */
  static Script text(String text, Usage usage) {
    return streamed(List.of(text), usage);
  }

  /** Streams {@code pieces} as text deltas, then stop and usage; unary calls get them joined. */
  static Script streamed(List<String> pieces, Usage usage) {
    return (call, sink) -> {
      String joined = String.join("", pieces);
      ChatResponse answer =
          new ChatResponse(Message.assistant(joined), StopReason.END_TURN, Optional.of(usage));
      if (sink != null) {
        sink.accept(new StreamEvent.MessageStart(Role.ASSISTANT));
        for (String piece : pieces) {
          sink.accept(new StreamEvent.TextDelta(0, piece));
        }
        sink.accept(new StreamEvent.ContentBlockStop(0));
        sink.accept(new StreamEvent.MessageStop(StopReason.END_TURN));
        sink.accept(new StreamEvent.UsageReport(usage));
      }
      return answer;
    };
  }

  /** Calls one tool with {@code input}. */
  static Script toolCall(String id, String name, JsonNode input, Usage usage) {
    return (call, sink) -> {
      if (sink != null) {
        sink.accept(new StreamEvent.MessageStart(Role.ASSISTANT));
        sink.accept(new StreamEvent.ToolUseStart(0, id, name));
        String json = input.toString();
        int half = json.length() / 2;
        sink.accept(new StreamEvent.ToolInputDelta(0, json.substring(0, half)));
        sink.accept(new StreamEvent.ToolInputDelta(0, json.substring(half)));
        sink.accept(new StreamEvent.ContentBlockStop(0));
        sink.accept(new StreamEvent.MessageStop(StopReason.TOOL_USE));
        sink.accept(new StreamEvent.UsageReport(usage));
      }
      return new ChatResponse(
          new Message(Role.ASSISTANT, List.of(new ContentBlock.ToolUse(id, name, input))),
          StopReason.TOOL_USE,
          Optional.of(usage));
    };
  }

  /** Fails at once, before any event. */
  static Script failing(StrataException failure) {
    return (call, sink) -> {
      throw failure;
    };
  }
}
