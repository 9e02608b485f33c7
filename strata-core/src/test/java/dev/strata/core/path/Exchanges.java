package dev.strata.core.path;

import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.catalog.PriceSource;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.EmbeddingRequest;
import dev.strata.core.provider.StreamSink;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/** Builds exchanges and catalog entries for step tests. */
final class Exchanges {
  static final Instant RECEIVED = Instant.parse("2025-07-01T10:00:00Z");
  static final String SECRET = "sk-strata-test";

  private Exchanges() {}

  static Exchange chat(ChatRequest request) {
    return exchange(new Operation.Chat(request, Optional.empty()));
  }

  static Exchange chat(String model, String userText) {
    return chat(ChatRequest.of(model, userText));
  }

  static Exchange streaming(ChatRequest request, StreamSink client) {
    return exchange(new Operation.Chat(request, Optional.of(client)));
  }

  static Exchange embed(EmbeddingRequest request) {
    return exchange(new Operation.Embed(request));
  }

  static Exchange exchange(Operation operation) {
    return new Exchange(
        "req-1", RECEIVED, System.nanoTime(), "openai", Optional.of(SECRET), operation);
  }

  /** A chat model priced by the price book entry {@code priceId}. */
  static ModelEntry listed(String name, String provider, String upstreamModel, String priceId) {
    return new ModelEntry(
        name, provider, upstreamModel, new PriceSource.Listed(priceId), OptionalInt.empty(), false);
  }

  /** A chat model whose upstream id is also its price id. */
  static ModelEntry listed(String name, String provider, String upstreamModel) {
    return listed(name, provider, upstreamModel, upstreamModel);
  }

  static ModelEntry embedding(String name, String provider, String upstreamModel) {
    return new ModelEntry(
        name,
        provider,
        upstreamModel,
        new PriceSource.Listed(upstreamModel),
        OptionalInt.empty(),
        true);
  }

  static ModelEntry local(String name, String provider, PriceSource.MachineTime machine) {
    return new ModelEntry(name, provider, name + ".gguf", machine, OptionalInt.empty(), false);
  }

  /** The rest of a path that must not be reached. */
  static Step.Next unreachable() {
    return exchange -> {
      throw new AssertionError("the step called next");
    };
  }
}
