package dev.strata.core.provider;

import dev.strata.core.model.ChatResponse;
import dev.strata.core.tokens.TokenCounter;
import java.util.Optional;

/**
 * One upstream that serves models: a remote API or the embedded engine. Calls block the calling
 * (virtual) thread; failures are {@link dev.strata.core.error.StrataException}s whose kind says
 * whether another attempt may succeed. Adapters retry transient failures themselves.
 */
public interface Provider extends AutoCloseable {
  /** The configured name of this provider, e.g. {@code openai} or {@code local}. */
  String name();

  /** Answers a chat request in one piece. */
  ChatResponse converse(ModelCall call);

  /**
   * Streams the answer to {@code sink} as it arrives and returns the assembled answer once the
   * stream ends. A stream that breaks mid-way throws, after relaying what arrived.
   */
  ChatResponse converseStream(ModelCall call, StreamSink sink);

  /** Embeddings, where the provider offers them. */
  default Optional<EmbeddingProvider> embeddings() {
    return Optional.empty();
  }

  /**
   * The provider's own batch API, where it has one and the deployment lets Strata use it; batch
   * jobs for its models are then submitted there and billed at its batch price.
   */
  default Optional<NativeBatches> nativeBatches() {
    return Optional.empty();
  }

  /** The exact tokenizer of {@code upstreamModel}, where the provider has one. */
  default Optional<TokenCounter> tokenCounter(String upstreamModel) {
    return Optional.empty();
  }

  @Override
  default void close() {}
}
