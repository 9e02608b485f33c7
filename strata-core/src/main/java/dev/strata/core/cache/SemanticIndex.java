package dev.strata.core.cache;

import java.time.Instant;
import java.util.Optional;

/**
 * Finds an earlier prompt that means the same as a new one, within a scope (tenant, model, system
 * prompt and parameters — the caller folds them into the scope string). A match must reach the
 * index's similarity threshold and pass its verifier, which rejects near-misses such as different
 * numbers, names or a negation. Bounded in size; expired entries are never returned.
 */
public interface SemanticIndex extends AutoCloseable {
  /** The best earlier prompt in {@code scope} that means the same as {@code prompt}, if any. */
  Optional<SemanticMatch> find(String scope, String prompt, Instant now);

  /** Remembers {@code prompt} in {@code scope} as the entry {@code entryId}, until {@code expiresAt}. */
  void add(String scope, String prompt, String entryId, Instant expiresAt);

  /** Forgets an entry (invalidated or evicted from the response cache). */
  void remove(String entryId);

  /** Forgets every entry whose scope starts with {@code scopePrefix} (e.g. a whole tenant). */
  void removeScope(String scopePrefix);

  /** How many entries it holds. */
  int size();

  @Override
  void close();
}
