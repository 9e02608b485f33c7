package dev.strata.core.model;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.OptionalInt;

/** Texts to embed with a model; {@code dimensions} asks for shortened vectors where supported. */
public record EmbeddingRequest(String model, List<String> inputs, OptionalInt dimensions) {
  public EmbeddingRequest {
    requireNonNull(model, "model");
    inputs = List.copyOf(requireNonNull(inputs, "inputs"));
    requireNonNull(dimensions, "dimensions");
  }

  public EmbeddingRequest withModel(String newModel) {
    return new EmbeddingRequest(newModel, inputs, dimensions);
  }
}
