package dev.strata.core.path;

import static java.util.Objects.requireNonNull;

import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.EmbeddingResponse;

/** What the model returned, matching the {@link Operation}. */
public sealed interface Answer {
  /** A chat answer (for streams: the assembled one). */
  record Chat(ChatResponse response) implements Answer {
    public Chat {
      requireNonNull(response, "response");
    }
  }

  /** Embedding vectors. */
  record Embeddings(EmbeddingResponse response) implements Answer {
    public Embeddings {
      requireNonNull(response, "response");
    }
  }
}
