package dev.strata.store.semantic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene103.Lucene103Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.store.MMapDirectory;
import org.apache.lucene.util.VectorUtil;

/**
 * A Lucene index of prompt vectors (HNSW over int8 scalar-quantised vectors, dot product of unit
 * vectors = cosine; hits are rescored on the float vectors), each search filtered to one scope, so
 * no search ever crosses scopes.
 *
 * <p>The index is a cache, rebuilt from nothing on every start. {@link #inFolder} keeps it in
 * memory-mapped files, outside the Java heap (100,000 entries are ~250 MB of vectors, and a merge
 * briefly needs twice that); {@link #inMemory} keeps it on the heap, for small indexes and tests.
 */
final class LuceneVectors implements AutoCloseable {
  private static final String ID = "id";
  private static final String SCOPE = "scope";
  private static final String SEQ = "seq";
  private static final String EXPIRES = "expires";
  private static final String PROMPT = "prompt";
  private static final String VECTOR = "vector";
  private static final Set<String> LOADED = Set.of(ID, SEQ, PROMPT);

  /** How far below the threshold an int8 estimate may be and its float cosine still reach it. */
  private static final double QUANTISATION_MARGIN = 0.02;

  private final Directory directory;
  private final Path folder;
  private final IndexWriter writer;
  private final SearcherManager searchers;

  private LuceneVectors(Directory directory, Path folder) throws IOException {
    this.directory = directory;
    this.folder = folder;
    // fewer, larger segments: a vector search visits every segment's graph. The RAM buffer
    // rarely fills: each refresh (every ~thousand changes) flushes a segment anyway.
    TieredMergePolicy merges = new TieredMergePolicy().setSegmentsPerTier(5);
    IndexWriterConfig config =
        new IndexWriterConfig()
            .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
            .setRAMBufferSizeMB(16)
            .setMergePolicy(merges)
            .setCodec(new QuantizedVectorsCodec());
    this.writer = new IndexWriter(directory, config);
    this.searchers = new SearcherManager(writer, null);
  }

  /** An index on the Java heap. */
  static LuceneVectors inMemory() {
    try {
      return new LuceneVectors(new ByteBuffersDirectory(), null);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the in-memory semantic index", e);
    }
  }

  /**
   * An index in memory-mapped files in {@code folder}. Whatever an earlier run left there is
   * discarded; the files are deleted on {@link #close()}.
   *
   * @throws IllegalStateException when another process has the folder's index open
   */
  static LuceneVectors inFolder(Path folder) {
    Directory directory = null;
    try {
      Files.createDirectories(folder);
      directory = new MMapDirectory(folder);
      return new LuceneVectors(directory, folder);
    } catch (LockObtainFailedException e) {
      closeQuietly(directory);
      throw new IllegalStateException(
          "the semantic-cache index folder " + folder + " is in use by another process; give"
              + " each Strata instance its own data folder (STRATA_HOME)",
          e);
    } catch (IOException e) {
      closeQuietly(directory);
      throw new UncheckedIOException("cannot open the semantic-cache index in " + folder, e);
    }
  }

  void put(IndexedEntry entry) {
    Document doc = new Document();
    doc.add(new StringField(ID, entry.entryId(), Field.Store.YES));
    doc.add(new StringField(SCOPE, entry.scope(), Field.Store.NO));
    doc.add(new StoredField(SEQ, entry.seq()));
    doc.add(new LongPoint(EXPIRES, entry.expiresAt().toEpochMilli()));
    doc.add(new StoredField(PROMPT, entry.prompt()));
    doc.add(new KnnFloatVectorField(VECTOR, entry.vector(), VectorSimilarityFunction.DOT_PRODUCT));
    write(() -> writer.updateDocument(new Term(ID, entry.entryId()), doc));
  }

  void delete(String entryId) {
    write(() -> writer.deleteDocuments(new Term(ID, entryId)));
  }

  void deleteScope(String scopePrefix) {
    write(() -> writer.deleteDocuments(new PrefixQuery(new Term(SCOPE, scopePrefix))));
  }

  void deleteExpired(Instant now) {
    write(
        () ->
            writer.deleteDocuments(
                LongPoint.newRangeQuery(EXPIRES, Long.MIN_VALUE, now.toEpochMilli() - 1)));
  }

  /** Makes every change so far visible to the next search. */
  void refresh() {
    write(searchers::maybeRefreshBlocking);
  }

  /** How many segments the current searcher visits: a vector search walks one graph per segment. */
  int segments() {
    try {
      IndexSearcher searcher = searchers.acquire();
      try {
        return searcher.getIndexReader().leaves().size();
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("semantic index read failed", e);
    }
  }

  /**
   * Merges the index down to one segment, so a search walks one graph instead of one per segment
   * (on 100,000 entries in ~18 segments, about three times faster). Costly — the merged graph is
   * rebuilt from the largest one — so it is for idle moments; adds may go on meanwhile and land in
   * new segments. The caller refreshes afterwards.
   */
  void mergeDown() {
    write(() -> writer.forceMerge(1));
  }

  /**
   * Stored prompts of {@code scope} among the {@code k} nearest to {@code vector} whose cosine
   * reaches {@code minSimilarity}, best first; the others' stored fields are never read.
   */
  List<Candidate> nearest(String scope, float[] vector, int k, double minSimilarity) {
    // expiry is not part of the filter: a range over every document costs more than the
    // caller's live-entry check, and expired documents are pruned within seconds
    Query filter = new TermQuery(new Term(SCOPE, scope));
    try {
      IndexSearcher searcher = searchers.acquire();
      try {
        TopDocs top = searcher.search(new KnnFloatVectorQuery(VECTOR, vector, k, filter), k);
        StoredFields fields = searcher.storedFields();
        List<Candidate> found = new ArrayList<>(top.scoreDocs.length);
        for (ScoreDoc hit : top.scoreDocs) {
          // Lucene scores a dot product d as (1 + d) / 2, from the int8 vectors: an estimate,
          // so candidates near the threshold are scored again on their float vectors
          if (2.0 * hit.score - 1.0 < minSimilarity - QUANTISATION_MARGIN) {
            break;
          }
          double cosine = exactCosine(searcher, hit.doc, vector);
          if (cosine < minSimilarity) {
            continue;
          }
          Document doc = fields.document(hit.doc, LOADED);
          found.add(
              new Candidate(
                  doc.get(ID), doc.getField(SEQ).numericValue().longValue(), doc.get(PROMPT), cosine));
        }
        found.sort(Comparator.comparingDouble(Candidate::similarity).reversed());
        return found;
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("semantic index search failed", e);
    }
  }

  private static double exactCosine(IndexSearcher searcher, int doc, float[] vector)
      throws IOException {
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
    FloatVectorValues values = leaf.reader().getFloatVectorValues(VECTOR);
    KnnVectorValues.DocIndexIterator at = values.iterator();
    if (at.advance(doc - leaf.docBase) != doc - leaf.docBase) {
      return -1;
    }
    return VectorUtil.dotProduct(vector, values.vectorValue(at.index()));
  }

  /**
   * Closes the index, aborting any merge under way (it is a cache: nothing is kept); a folder's
   * index files are deleted (they hold cached prompts).
   */
  @Override
  public void close() {
    write(
        () -> {
          searchers.close();
          writer.rollback();
          if (folder != null) {
            for (String file : directory.listAll()) {
              directory.deleteFile(file);
            }
          }
          directory.close();
          if (folder != null) {
            Files.deleteIfExists(folder);
          }
        });
  }

  private static void closeQuietly(Directory directory) {
    if (directory == null) {
      return;
    }
    try {
      directory.close();
    } catch (IOException e) {
      // already failing to open: the first error is the one to report
    }
  }

  /** The default codec with int8 scalar-quantised HNSW vectors (the floats are kept too). */
  private static final class QuantizedVectorsCodec extends Lucene103Codec {
    private final KnnVectorsFormat quantized = new Lucene99HnswScalarQuantizedVectorsFormat();

    @Override
    public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
      return quantized;
    }
  }

  private interface IndexWork {
    void run() throws IOException;
  }

  private static void write(IndexWork work) {
    try {
      work.run();
    } catch (IOException e) {
      throw new UncheckedIOException("semantic index update failed", e);
    }
  }
}
