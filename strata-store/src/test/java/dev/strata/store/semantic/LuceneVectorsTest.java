package dev.strata.store.semantic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.lucene.util.VectorUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LuceneVectorsTest {
  private static final int DIMENSIONS = 64;
  private static final String SCOPE = "tenant/model";
  private static final Instant EXPIRES = Instant.parse("2030-01-01T00:00:00Z");

  private final LuceneVectors vectors = LuceneVectors.inMemory();
  private final SplittableRandom random = new SplittableRandom(7);

  @AfterEach
  void close() {
    vectors.close();
  }

  @Test
  void similarity_isTheExactCosine_notTheInt8Estimate() {
    float[] target = unit(gaussian());
    float[] query = atCosine(target, 0.9);
    double exact = VectorUtil.dotProduct(target, query);
    seedWith(target);

    List<Candidate> found = vectors.nearest(SCOPE, query, 10, 0.5);

    assertThat(found).isNotEmpty();
    assertThat(found.get(0).entryId()).isEqualTo("target");
    assertThat(found.get(0).similarity()).isCloseTo(exact, within(1e-6));
  }

  @Test
  void threshold_isAppliedToTheExactCosine_onBothSidesOfIt() {
    float[] target = unit(gaussian());
    float[] query = atCosine(target, 0.9);
    double exact = VectorUtil.dotProduct(target, query);
    seedWith(target);

    assertThat(vectors.nearest(SCOPE, query, 10, exact - 1e-4))
        .extracting(Candidate::entryId)
        .contains("target");
    assertThat(vectors.nearest(SCOPE, query, 10, exact + 1e-4))
        .extracting(Candidate::entryId)
        .doesNotContain("target");
  }

  /** The target among 2,000 random vectors, all visible to the searcher (not the fresh list). */
  private void seedWith(float[] target) {
    for (int i = 0; i < 2_000; i++) {
      vectors.put(new IndexedEntry("e" + i, SCOPE, "prompt " + i, unit(gaussian()), EXPIRES, i));
    }
    vectors.put(new IndexedEntry("target", SCOPE, "the target", target, EXPIRES, 2_000));
    vectors.refresh();
  }

  /** A unit vector whose cosine to {@code unitVector} is {@code cosine}. */
  private float[] atCosine(float[] unitVector, double cosine) {
    float[] other = gaussian();
    double along = VectorUtil.dotProduct(other, unitVector);
    for (int i = 0; i < DIMENSIONS; i++) {
      other[i] -= (float) (along * unitVector[i]);
    }
    float[] orthogonal = unit(other);
    float[] result = new float[DIMENSIONS];
    double sine = Math.sqrt(1 - cosine * cosine);
    for (int i = 0; i < DIMENSIONS; i++) {
      result[i] = (float) (cosine * unitVector[i] + sine * orthogonal[i]);
    }
    return unit(result);
  }

  private float[] gaussian() {
    float[] vector = new float[DIMENSIONS];
    for (int i = 0; i < DIMENSIONS; i++) {
      vector[i] =
          (float)
              (Math.sqrt(-2 * Math.log(1 - random.nextDouble()))
                  * Math.cos(2 * Math.PI * random.nextDouble()));
    }
    return vector;
  }

  private static float[] unit(float[] vector) {
    double norm = Math.sqrt(VectorUtil.dotProduct(vector, vector));
    float[] result = new float[vector.length];
    for (int i = 0; i < vector.length; i++) {
      result[i] = (float) (vector[i] / norm);
    }
    return result;
  }
}
