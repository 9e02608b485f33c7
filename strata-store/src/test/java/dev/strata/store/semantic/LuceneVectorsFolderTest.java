package dev.strata.store.semantic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway's index lives in memory-mapped files: a cache of prompts that leaves nothing behind. */
class LuceneVectorsFolderTest {
  private static final String SCOPE = "tenant/model";
  private static final Instant EXPIRES = Instant.parse("2030-01-01T00:00:00Z");

  @TempDir Path home;

  @Test
  void inFolder_findsWhatItHolds_andDeletesItsFilesOnClose() throws IOException {
    Path folder = home.resolve("semantic-index");
    try (LuceneVectors vectors = LuceneVectors.inFolder(folder)) {
      vectors.put(entry("a", new float[] {1, 0, 0, 0}));
      vectors.put(entry("b", new float[] {0, 1, 0, 0}));
      vectors.refresh();

      assertThat(vectors.nearest(SCOPE, new float[] {1, 0, 0, 0}, 5, 0.9))
          .extracting(Candidate::entryId)
          .containsExactly("a");
      assertThat(filesIn(folder)).isNotZero();
    }

    assertThat(folder).doesNotExist();
  }

  @Test
  void inFolder_discardsAnIndexAnEarlierRunLeftBehind() throws IOException {
    Path folder = home.resolve("semantic-index");
    // what a killed process leaves: a committed index holding a document in the same scope
    try (IndexWriter earlier = new IndexWriter(FSDirectory.open(folder), new IndexWriterConfig())) {
      Document doc = new Document();
      doc.add(new StringField("id", "left-behind", Field.Store.YES));
      doc.add(new StringField("scope", SCOPE, Field.Store.NO));
      doc.add(
          new KnnFloatVectorField(
              "vector", new float[] {1, 0, 0, 0}, VectorSimilarityFunction.DOT_PRODUCT));
      earlier.addDocument(doc);
      earlier.commit();
    }

    try (LuceneVectors restarted = LuceneVectors.inFolder(folder)) {
      restarted.refresh();
      assertThat(restarted.nearest(SCOPE, new float[] {1, 0, 0, 0}, 5, 0.5)).isEmpty();
    }
  }

  @Test
  void inFolder_refusesAFolderAnotherIndexHasOpen_namingIt() {
    Path folder = home.resolve("semantic-index");
    try (LuceneVectors first = LuceneVectors.inFolder(folder)) {
      assertThatThrownBy(() -> LuceneVectors.inFolder(folder))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(folder.toString())
          .hasMessageContaining("own data folder");
      first.put(entry("still-works", new float[] {1, 0, 0, 0}));
      first.refresh();
      assertThat(first.nearest(SCOPE, new float[] {1, 0, 0, 0}, 5, 0.9)).hasSize(1);
    }
  }

  private static IndexedEntry entry(String id, float[] vector) {
    return new IndexedEntry(id, SCOPE, "prompt " + id, vector, EXPIRES, 1);
  }

  private static long filesIn(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.count();
    }
  }
}
