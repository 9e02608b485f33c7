package dev.strata.store.semantic;

import static java.util.Objects.requireNonNull;

import dev.strata.core.cache.SemanticIndex;
import dev.strata.core.cache.SemanticMatch;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.lucene.util.VectorUtil;

/**
 * The semantic index in process: prompts embedded by an {@link Embedder}, kept in an in-memory
 * Lucene HNSW index filtered by scope, and a match accepted only at or above the threshold and
 * when the {@link Verifier} finds no near-miss signal. Bounded (oldest evicted); expired entries
 * are never returned and are pruned as entries are added.
 *
 * <p>New entries are searched by brute force until the Lucene searcher is refreshed (every thousand
 * changes), so an entry is found immediately without refreshing on every add.
 */
public final class LuceneSemanticIndex implements SemanticIndex {
  private static final int CANDIDATES = 10;
  private static final int REFRESH_EVERY = 1_024;
  private static final int MEMO_SIZE = 1_024;
  private static final int MAX_SCOPE_CHARS = 4_096;
  private static final Duration PRUNE_EVERY = Duration.ofSeconds(10);

  private final Embedder embedder;
  private final Verifier verifier;
  private final SemanticIndexOptions options;
  private final Clock clock;
  private final LuceneVectors vectors = new LuceneVectors();
  private final LiveEntries live = new LiveEntries();
  private final EmbeddingMemo memo = new EmbeddingMemo(MEMO_SIZE);
  private final Object writeLock = new Object();

  /** Entries added since the last refresh; replaced, never mutated, so readers need no lock. */
  private volatile List<IndexedEntry> fresh = List.of();

  private int changesSinceRefresh;
  private Instant lastPrune;

  public LuceneSemanticIndex(
      Embedder embedder, Verifier verifier, SemanticIndexOptions options, Clock clock) {
    this.embedder = requireNonNull(embedder, "embedder");
    this.verifier = requireNonNull(verifier, "verifier");
    this.options = requireNonNull(options, "options");
    this.clock = requireNonNull(clock, "clock");
    this.lastPrune = clock.instant();
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

  @Override
  public void close() {
    synchronized (writeLock) {
      vectors.close();
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
