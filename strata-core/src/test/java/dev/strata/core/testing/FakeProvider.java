package dev.strata.core.testing;

import static java.util.Objects.requireNonNull;

import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.EmbeddingRequest;
import dev.strata.core.model.EmbeddingResponse;
import dev.strata.core.provider.EmbeddingProvider;
import dev.strata.core.provider.ModelCall;
import dev.strata.core.provider.Provider;
import dev.strata.core.provider.StreamSink;
import dev.strata.core.tokens.TokenCounter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link Provider} that gives scripted answers and records the calls it receives, standing in for
 * an upstream in tests that need no HTTP. Replies are scripted per upstream model and given in
 * order; the last one repeats. A model without a script fails the call with an INTERNAL error that
 * names it. Thread-safe; configure it before use.
 */
public final class FakeProvider implements Provider {
  private static final String ANY_MODEL = "(any model)";

  private final String name;
  private final Map<String, Deque<ScriptedReply>> scripts = new HashMap<>();
  private final List<ModelCall> calls = new ArrayList<>();
  private final List<EmbeddingRequest> embeddingCalls = new ArrayList<>();
  private Optional<TokenCounter> tokenCounter = Optional.empty();
  private Optional<EmbeddingProvider> embeddings = Optional.empty();
  private boolean closed;

  public FakeProvider(String name) {
    this.name = requireNonNull(name, "name");
  }

  /** Scripts the answers to calls of {@code upstreamModel}, in order; the last one repeats. */
  public synchronized FakeProvider reply(String upstreamModel, ScriptedReply... replies) {
    requireNonNull(upstreamModel, "upstreamModel");
    if (replies.length == 0) {
      throw new IllegalArgumentException("script at least one reply");
    }
    scripts.put(upstreamModel, new ArrayDeque<>(List.of(replies)));
    return this;
  }

  /** Scripts the answers to calls of any model that has no script of its own. */
  public FakeProvider replyToAnyModel(ScriptedReply... replies) {
    return reply(ANY_MODEL, replies);
  }

  /** Gives this provider an exact tokenizer, used for every model it serves. */
  public synchronized FakeProvider tokenCounter(TokenCounter counter) {
    this.tokenCounter = Optional.of(requireNonNull(counter, "counter"));
    return this;
  }

  /** Lets this provider embed text with {@code embedder}. */
  public synchronized FakeProvider embeddings(EmbeddingProvider embedder) {
    this.embeddings = Optional.of(requireNonNull(embedder, "embedder"));
    return this;
  }

  /**
   * An embedder that returns, for each input, a vector of {@code dimensions} floats derived from
   * the input, and reports {@code reportedTokensPerInput} tokens per input when given.
   */
  public static EmbeddingProvider fixedEmbeddings(
      int dimensions, Optional<Long> reportedTokensPerInput) {
    return request -> {
      List<float[]> vectors = new ArrayList<>();
      for (String input : request.inputs()) {
        float[] vector = new float[dimensions];
        for (int i = 0; i < dimensions; i++) {
          vector[i] = ((input.hashCode() >>> i) & 0xFF) / 255f;
        }
        vectors.add(vector);
      }
      return new EmbeddingResponse(
          vectors, reportedTokensPerInput.map(perInput -> perInput * request.inputs().size()));
    };
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public ChatResponse converse(ModelCall call) {
    ScriptedReply reply = next(call);
    reply.awaitGate();
    reply.failIfScripted();
    return reply.response();
  }

  @Override
  public ChatResponse converseStream(ModelCall call, StreamSink sink) {
    ScriptedReply reply = next(call);
    reply.awaitGate();
    reply.events().forEach(sink::accept);
    reply.failIfScripted();
    return reply.response();
  }

  @Override
  public synchronized Optional<EmbeddingProvider> embeddings() {
    return embeddings.map(
        embedder ->
            request -> {
              synchronized (this) {
                embeddingCalls.add(request);
              }
              return embedder.embed(request);
            });
  }

  @Override
  public synchronized Optional<TokenCounter> tokenCounter(String upstreamModel) {
    return tokenCounter;
  }

  @Override
  public synchronized void close() {
    closed = true;
  }

  /** Every chat call received, in order. */
  public synchronized List<ModelCall> calls() {
    return List.copyOf(calls);
  }

  /** The upstream model of every chat call received, in order. */
  public synchronized List<String> calledModels() {
    return calls.stream().map(ModelCall::upstreamModel).toList();
  }

  /** Every embedding request received, in order (with the upstream model as its model). */
  public synchronized List<EmbeddingRequest> embeddingCalls() {
    return List.copyOf(embeddingCalls);
  }

  public synchronized boolean isClosed() {
    return closed;
  }

  private synchronized ScriptedReply next(ModelCall call) {
    calls.add(call);
    Deque<ScriptedReply> script = scripts.get(call.upstreamModel());
    if (script == null) {
      script = scripts.get(ANY_MODEL);
    }
    if (script == null) {
      throw StrataException.internal(
          "FakeProvider '"
              + name
              + "' has no reply scripted for model '"
              + call.upstreamModel()
              + "'",
          null);
    }
    return script.size() > 1 ? script.removeFirst() : script.getFirst();
  }

  @Override
  public synchronized String toString() {
    return "FakeProvider[" + name + ", scripted " + scripts.keySet() + "]";
  }
}
