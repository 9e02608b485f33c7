package dev.strata.core.path;

import static java.util.Objects.requireNonNull;

import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.EmbeddingRequest;
import dev.strata.core.provider.StreamSink;
import java.util.Optional;

/** What a request asks Strata to do, in canonical form. */
public sealed interface Operation {
  /** The model or alias the caller named. */
  String model();

  /** The operation's name in the ledger. */
  String name();

  /** A chat completion; with a sink, streamed to it as it arrives. */
  record Chat(ChatRequest request, Optional<StreamSink> stream) implements Operation {
    public Chat {
      requireNonNull(request, "request");
      requireNonNull(stream, "stream");
    }

    @Override
    public String model() {
      return request.model();
    }

    @Override
    public String name() {
      return "chat";
    }

    public boolean isStreaming() {
      return stream.isPresent();
    }
  }

  /** Embeddings of one or more texts. */
  record Embed(EmbeddingRequest request) implements Operation {
    public Embed {
      requireNonNull(request, "request");
    }

    @Override
    public String model() {
      return request.model();
    }

    @Override
    public String name() {
      return "embeddings";
    }
  }
}
