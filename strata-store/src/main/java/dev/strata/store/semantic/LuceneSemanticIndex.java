package dev.strata.store.semantic;

import static java.util.Objects.requireNonNull;

import dev.strata.core.cache.SemanticIndex;
import dev.strata.core.cache.SemanticMatch;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.util.VectorUtil;

/**
 * The semantic index in process: prompts embedded by an {@link Embedder}, kept in a Lucene HNSW
 * index filtered by scope (memory-mapped files in a folder, or the heap for small indexes), and a match accepted only at or above the threshold and
 * when the {@link Verifier} finds no near-miss signal. Bounded (oldest evicted); expired entries
 * are never returned and are pruned as entries are added.
 *
 * <p>New entries are searched by brute force until the Lucene searcher is refreshed (every thousand
 * changes), so an entry is found immediately without refreshing on every add.
 *
 * <p>Each refresh leaves a small segment, and a search walks one HNSW graph per segment, so a busy
 * index slows its lookups down as segments pile up. {@link #compactIfIdle} merges them into one
 * once no entry has been added for a while; {@link #startIdleCompaction} runs it in the
 * background.
 */
public final class LuceneSemanticIndex implements SemanticIndex {
  /**
   * Nearest entries asked of the HNSW search (also its beam width). On 100,000 entries in one
   * segment, 10 found 6% fewer matches than the same search spread over a dozen segments (whose
   * top tens add up to more candidates), as the nearest ten can all be near variants the verifier
   * rejects; 20 finds 1% fewer, at no measurable cost (bench semantic-lookup).
   */
  private static final int CANDIDATES = 20;
  private static final int REFRESH_EVERY = 1_024;
  private static final int MEMO_SIZE = 1_024;
  private static final int MAX_SCOPE_CHARS = 4_096;
  private static final Duration PRUNE_EVERY = Duration.ofSeconds(10);

  /** How long without an add before the index counts as idle and may be compacted. */
  static final Duration IDLE_BEFORE_COMPACTION = Duration.ofSeconds(10);

  private final Embedder embedder;
  private final Verifier verifier;
  private final SemanticIndexOptions options;
  private final Clock clock;
  private final LuceneVectors vectors;
  private final LiveEntries live = new LiveEntries();
  private final EmbeddingMemo memo = new EmbeddingMemo(MEMO_SIZE);
  private final Object writeLock = new Object();

  /** Entries added since the last refresh; replaced, never mutated, so readers need no lock. */
  private volatile List<IndexedEntry> fresh = List.of();

  private final Object compactionLock = new Object();
  private final CountDownLatch closed = new CountDownLatch(1);

  private int changesSinceRefresh;
  private Instant lastPrune;
  private volatile Instant lastAdd;
  private volatile boolean compactedSinceLastAdd = true;
  private Thread compaction;

  /** An index kept on the Java heap: for small indexes and tests. */
  public LuceneSemanticIndex(
      Embedder embedder, Verifier verifier, SemanticIndexOptions options, Clock clock) {
    this(embedder, verifier, options, clock, LuceneVectors.inMemory());
  }

  /**
   * An index kept in memory-mapped files in {@code folder}, off the Java heap: what a gateway
   * uses. The folder is this index's alone; what an earlier run left there is discarded, and its
   * files are deleted on {@link #close()}.
   */
  public LuceneSemanticIndex(
      Embedder embedder,
      Verifier verifier,
      SemanticIndexOptions options,
      Clock clock,
      Path folder) {
    this(embedder, verifier, options, clock, LuceneVectors.inFolder(requireNonNull(folder, "folder")));
  }

  private LuceneSemanticIndex(
      Embedder embedder,
      Verifier verifier,
      SemanticIndexOptions options,
      Clock clock,
      LuceneVectors vectors) {
    this.vectors = vectors;
    this.embedder = requireNonNull(embedder, "embedder");
    this.verifier = requireNonNull(verifier, "verifier");
    this.options = requireNonNull(options, "options");
    this.clock = requireNonNull(clock, "clock");
    this.lastPrune = clock.instant();
    this.lastAdd = lastPrune;
  }

  @Override
  public Optional<SemanticMatch> find(String scope, String prompt, Instant now) {
    checkScope(scope);
    requireNonNull(prompt, "prompt");
    requireNonNull(now, "now");
    if (!isEmbeddable(prompt)) {
      return Optional.empty();
    }
    // read the fresh entries before the searcher: a refresh in between clears them only after
    // the searcher it publishes already shows them
    List<IndexedEntry> recent = fresh;
    float[] vector = memo.vectorOf(prompt, embedder::embed);
    List<Candidate> candidates = new ArrayList<>(vectors.nearest(scope, vector, CANDIDATES, options.threshold()));
    for (IndexedEntry entry : recent) {
      if (entry.scope().equals(scope)) {
        candidates.add(
            new Candidate(entry.entryId(), entry.seq(), entry.prompt(), dot(vector, entry.vector())));
      }
    }
    candidates.sort(Comparator.comparingDouble(Candidate::similarity).reversed());
    for (Candidate candidate : candidates) {
      if (candidate.similarity() < options.threshold()) {
        break;
      }
      if (live.isCurrent(candidate.entryId(), candidate.seq(), now)
          && verifier.mismatch(candidate.prompt(), prompt).isEmpty()) {
        return Optional.of(new SemanticMatch(candidate.entryId(), candidate.similarity()));
      }
    }
    return Optional.empty();
  }

  @Override
  public void add(String scope, String prompt, String entryId, Instant expiresAt) {
    checkScope(scope);
    requireNonNull(prompt, "prompt");
    requireNonNull(entryId, "entryId");
    requireNonNull(expiresAt, "expiresAt");
    if (!isEmbeddable(prompt)) {
      remove(entryId);
      return;
    }
    float[] vector = memo.vectorOf(prompt, embedder::embed);
    synchronized (writeLock) {
      lastAdd = clock.instant();
      compactedSinceLastAdd = false;
      long seq = live.admit(entryId, scope, expiresAt);
      IndexedEntry entry = new IndexedEntry(entryId, scope, prompt, vector, expiresAt, seq);
      vectors.put(entry);
      List<IndexedEntry> grown = new ArrayList<>(fresh.size() + 1);
      grown.addAll(fresh);
      grown.add(entry);
      fresh = List.copyOf(grown);
      pruneIfDue();
      while (live.size() > options.maxEntries()) {
        live.evictOldest().ifPresent(vectors::delete);
      }
      changed(1);
    }
  }

  @Override
  public void remove(String entryId) {
    requireNonNull(entryId, "entryId");
    synchronized (writeLock) {
      if (live.remove(entryId)) {
        vectors.delete(entryId);
        changed(1);
      }
    }
  }

  @Override
  public void removeScope(String scopePrefix) {
    requireNonNull(scopePrefix, "scopePrefix");
    synchronized (writeLock) {
      int removed = live.removeScope(scopePrefix).size();
      vectors.deleteScope(scopePrefix);
      changed(removed);
    }
  }

  @Override
  public int size() {
    return live.size();
  }

  /** How many segments a search walks (one HNSW graph each). */
  public int segments() {
    return vectors.segments();
  }

  /**
   * Merges the index into one segment when nothing has been added for {@link
   * #IDLE_BEFORE_COMPACTION} and it has changed since the last compaction.
   *
   * @return whether it compacted
   */
  boolean compactIfIdle() {
    if (compactedSinceLastAdd
        || clock.instant().isBefore(lastAdd.plus(IDLE_BEFORE_COMPACTION))) {
      return false;
    }
    compact();
    return true;
  }

  /**
   * Merges the index into one segment now, and makes every entry visible to the searcher. Adds,
   * removals and lookups go on meanwhile.
   */
  public void compact() {
    synchronized (compactionLock) {
      compactedSinceLastAdd = true;
      vectors.mergeDown();
      synchronized (writeLock) {
        changed(REFRESH_EVERY);
      }
    }
  }

  /**
   * Checks every {@code period}, on a daemon thread, whether the index is idle and compacts it;
   * the thread stops on {@link #close()}, which aborts a compaction under way.
   */
  public synchronized void startIdleCompaction(Duration period) {
    requireNonNull(period, "period");
    if (compaction != null) {
      throw new IllegalStateException("idle compaction is already running");
    }
    compaction =
        Thread.ofPlatform()
            .daemon()
            .name("semantic-index-compaction")
            .start(() -> compactWhileOpen(period));
  }

  private void compactWhileOpen(Duration period) {
    try {
      while (!closed.await(period.toMillis(), TimeUnit.MILLISECONDS)) {
        compactIfIdle();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      if (closed.getCount() > 0) {
        throw e;
      }
      // closed while merging: the merge was aborted with the index
    }
  }

  /** Closes the index, aborting a compaction under way; its thread is gone when this returns. */
  @Override
  public void close() {
    closed.countDown();
    synchronized (writeLock) {
      vectors.close();
    }
    Thread running;
    synchronized (this) {
      running = compaction;
    }
    if (running != null) {
      joinUninterruptibly(running);
    }
  }

  private static void joinUninterruptibly(Thread thread) {
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void pruneIfDue() {
    Instant now = clock.instant();
    if (now.isBefore(lastPrune.plus(PRUNE_EVERY))) {
      return;
    }
    lastPrune = now;
    int expired = live.removeExpired(now).size();
    if (expired > 0) {
      vectors.deleteExpired(now);
      changed(expired);
    }
  }

  private void changed(int count) {
    changesSinceRefresh += count;
    if (changesSinceRefresh >= REFRESH_EVERY) {
      vectors.refresh();
      fresh = List.of();
      changesSinceRefresh = 0;
    }
  }

  private boolean isEmbeddable(String prompt) {
    return !prompt.isBlank() && prompt.length() <= options.maxPromptChars();
  }

  private static void checkScope(String scope) {
    requireNonNull(scope, "scope");
    if (scope.length() > MAX_SCOPE_CHARS) {
      throw new IllegalArgumentException(
          "a semantic-cache scope is at most " + MAX_SCOPE_CHARS + " characters; hash long parts");
    }
  }

  /** Lucene's dot product uses the Panama vector API when it is enabled: several times faster. */
  private static double dot(float[] a, float[] b) {
    return VectorUtil.dotProduct(a, b);
  }

  @Override
  public String toString() {
    return "LuceneSemanticIndex[" + embedder + ", " + verifier + ", threshold "
        + options.threshold() + ", max " + options.maxEntries() + " entries]";
  }
}
