package dev.strata.store.semantic;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A fast stand-in for the model: a random unit vector seeded by the text, so equal prompts score 1
 * and different ones are nearly orthogonal — the bookkeeping tests need nothing more.
 */
final class TextSeededEmbedder implements Embedder {
  private static final int DIMENSIONS = 64;

  @Override
  public float[] embed(String text) {
    SplittableRandom random = new SplittableRandom(text.hashCode());
    float[] vector = new float[DIMENSIONS];
    double norm = 0;
    for (int i = 0; i < DIMENSIONS; i++) {
      vector[i] = (float) (random.nextDouble() * 2 - 1);
      norm += vector[i] * vector[i];
    }
    for (int i = 0; i < DIMENSIONS; i++) {
      vector[i] = (float) (vector[i] / Math.sqrt(norm));
    }
    return vector;
  }

  @Override
  public List<float[]> embedAll(List<String> texts) {
    return texts.stream().map(this::embed).toList();
  }

  @Override
  public int dimensions() {
    return DIMENSIONS;
  }
}
