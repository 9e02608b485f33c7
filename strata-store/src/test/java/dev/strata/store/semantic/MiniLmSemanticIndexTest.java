package dev.strata.store.semantic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.cache.SemanticMatch;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shipped index — the real all-MiniLM-L6-v2, the shipped threshold and verifier — end to end. */
class MiniLmSemanticIndexTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant LATER = NOW.plus(Duration.ofHours(1));
  private static MiniLmEmbedder embedder;

  private final LuceneSemanticIndex index =
      new LuceneSemanticIndex(
          embedder, new Verifier(), SemanticIndexOptions.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));

  @BeforeAll
  static void loadModel() {
    embedder = MiniLmEmbedder.load();
  }

  @AfterAll
  static void closeModel() {
    embedder.close();
  }

  @AfterEach
  void close() {
    index.close();
  }

  private Optional<String> find(String scope, String prompt) {
    return index.find(scope, prompt, NOW).map(SemanticMatch::entryId);
  }

  @Test
  void embeddings_areUnitVectorsOf384Dimensions() {
    List<float[]> vectors = embedder.embedAll(List.of("What is the capital of France?", "hi"));

    assertThat(vectors).hasSize(2);
    for (float[] vector : vectors) {
      double norm = 0;
      for (float component : vector) {
        norm += component * component;
      }
      assertThat(vector).hasSize(384);
      assertThat(Math.sqrt(norm)).isBetween(0.999, 1.001);
    }
  }

  @Test
  void paraphrase_matches() {
    index.add("t1/m", "How can I stay positive and happy all the time?", "e1", LATER);

    assertThat(find("t1/m", "How do I stay positive and happy all the time?")).contains("e1");
  }

  @Test
  void samePrompt_inAnotherTenantsScope_doesNotMatch() {
    index.add("t1/m", "How can I stay positive and happy all the time?", "e1", LATER);

    assertThat(find("t2/m", "How can I stay positive and happy all the time?")).isEmpty();
  }

  @Test
  void differentNumber_doesNotMatch() {
    index.add("t1/m", "Have you had a positive moment today, August 8, 2016?", "e1", LATER);

    assertThat(find("t1/m", "Have you had a positive moment today, August 9, 2016?")).isEmpty();
  }

  @Test
  void differentName_doesNotMatch() {
    index.add(
        "t1/m", "What are good things to know on a first day at Capital Bank?", "e1", LATER);

    assertThat(find("t1/m", "What are good things to know on a first day at Umpqua Bank?"))
        .isEmpty();
  }

  @Test
  void negation_doesNotMatch() {
    index.add("t1/m", "How do you crush ice in a blender?", "e1", LATER);

    assertThat(find("t1/m", "How do you crush ice without a blender?")).isEmpty();
  }

  @Test
  void nearMisses_areSimilarEnoughThatOnlyTheVerifierStopsThem() {
    // guards the tests above: they prove the verifier only while the model finds the pairs alike
    assertThat(cosine("How do you crush ice in a blender?", "How do you crush ice without a blender?"))
        .isGreaterThanOrEqualTo(SemanticIndexOptions.DEFAULT_THRESHOLD);
    assertThat(
            cosine(
                "Have you had a positive moment today, August 8, 2016?",
                "Have you had a positive moment today, August 9, 2016?"))
        .isGreaterThanOrEqualTo(SemanticIndexOptions.DEFAULT_THRESHOLD);
    assertThat(
            cosine(
                "What are good things to know on a first day at Capital Bank?",
                "What are good things to know on a first day at Umpqua Bank?"))
        .isGreaterThanOrEqualTo(SemanticIndexOptions.DEFAULT_THRESHOLD);
  }

  private static double cosine(String a, String b) {
    List<float[]> vectors = embedder.embedAll(List.of(a, b));
    double dot = 0;
    for (int i = 0; i < vectors.get(0).length; i++) {
      dot += vectors.get(0)[i] * vectors.get(1)[i];
    }
    return dot;
  }
}
