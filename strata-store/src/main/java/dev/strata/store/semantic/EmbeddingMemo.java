package dev.strata.store.semantic;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The vectors of the last few prompts: a response cache asks {@code find} and then, on a miss,
 * {@code add} for the same prompt, which should not pay for the embedding twice. Bounded, LRU.
 */
final class EmbeddingMemo {
  private final Map<String, float[]> recent;

  EmbeddingMemo(int capacity) {
    this.recent =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
            return size() > capacity;
          }
        };
  }

  float[] vectorOf(String prompt, Function<String, float[]> embed) {
    synchronized (recent) {
      float[] known = recent.get(prompt);
      if (known != null) {
        return known;
      }
    }
    float[] vector = embed.apply(prompt);
    synchronized (recent) {
      recent.put(prompt, vector);
    }
    return vector;
  }
}
