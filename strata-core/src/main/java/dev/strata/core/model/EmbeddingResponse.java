package dev.strata.core.model;

import java.util.List;
import java.util.Optional;

/** One vector per input, in input order, and the input tokens the upstream reported. */
public record EmbeddingResponse(List<float[]> vectors, Optional<Long> inputTokens) {
  public EmbeddingResponse {
    vectors = List.copyOf(vectors);
  }
}
