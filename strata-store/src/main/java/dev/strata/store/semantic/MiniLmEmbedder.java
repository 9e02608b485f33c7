package dev.strata.store.semantic;

import static java.util.Objects.requireNonNull;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * all-MiniLM-L6-v2, int8-quantised, run in process (ONNX Runtime; the model ships inside the
 * langchain4j jar): 384 dimensions, unit length. About three times faster than the float model at
 * the same precision and recall on the Quora pairs (docs/benchmarks.md). Loading takes seconds, so
 * one instance is shared by everything.
 */
public final class MiniLmEmbedder implements Embedder, AutoCloseable {
  /** The system property (or environment variable) where DJL unpacks its native tokenizer. */
  public static final String DJL_CACHE_DIR = "DJL_CACHE_DIR";

  private static final int DIMENSIONS = 384;

  private final ExecutorService workers;
  private final AllMiniLmL6V2QuantizedEmbeddingModel model;

  private MiniLmEmbedder(ExecutorService workers) {
    this.workers = workers;
    this.model = new AllMiniLmL6V2QuantizedEmbeddingModel(workers);
  }

  /**
   * Loads the model. DJL's native tokenizer is unpacked under {@code nativeCacheDir} unless {@code
   * DJL_CACHE_DIR} is already set (DJL reads only that global setting; its default is the user's
   * home, which a server should not write to by surprise).
   */
  public static MiniLmEmbedder load(Path nativeCacheDir) {
    requireNonNull(nativeCacheDir, "nativeCacheDir");
    if (System.getProperty(DJL_CACHE_DIR) == null && System.getenv(DJL_CACHE_DIR) == null) {
      System.setProperty(DJL_CACHE_DIR, nativeCacheDir.toAbsolutePath().toString());
    }
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    ExecutorService workers =
        Executors.newFixedThreadPool(
            threads, Thread.ofPlatform().name("minilm-", 0).daemon(true).factory());
    return new MiniLmEmbedder(workers);
  }

  /** Loads the model with DJL's natives under {@code java.io.tmpdir}/strata-djl. */
  public static MiniLmEmbedder load() {
    return load(Path.of(System.getProperty("java.io.tmpdir"), "strata-djl"));
  }

  @Override
  public float[] embed(String text) {
    requireNonNull(text, "text");
    return model.embed(text).content().vector();
  }

  @Override
  public List<float[]> embedAll(List<String> texts) {
    requireNonNull(texts, "texts");
    if (texts.isEmpty()) {
      return List.of();
    }
    List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
    return model.embedAll(segments).content().stream().map(Embedding::vector).toList();
  }

  @Override
  public int dimensions() {
    return DIMENSIONS;
  }

  @Override
  public void close() {
    workers.shutdown();
  }

  @Override
  public String toString() {
    return "MiniLmEmbedder[all-MiniLM-L6-v2 int8, " + DIMENSIONS + " dims]";
  }
}
