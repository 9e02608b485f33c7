package dev.strata.core.provider;

import dev.strata.core.model.EmbeddingRequest;
import dev.strata.core.model.EmbeddingResponse;

/** A provider's ability to embed text; {@code request.model()} is the upstream model. */
@FunctionalInterface
public interface EmbeddingProvider {
  EmbeddingResponse embed(EmbeddingRequest request);
}
