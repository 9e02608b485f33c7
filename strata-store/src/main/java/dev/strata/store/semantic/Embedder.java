package dev.strata.store.semantic;

import java.util.List;

/** Turns text into a unit-length vector whose dot product with another measures likeness. */
public interface Embedder {
  /** The vector of one non-blank text; its length is {@link #dimensions()} and its norm 1. */
  float[] embed(String text);

  /** The vectors of several texts, in order; implementations batch or parallelise the work. */
  List<float[]> embedAll(List<String> texts);

  /** How many components each vector has. */
  int dimensions();
}
