package dev.strata.core.cache;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Forgets cached answers on an operator's request — all of them, or a tenant's, a model's or a
 * tenant's for one model — in the exact cache and in the semantic index that points into it.
 */
public final class CacheInvalidator {
  private final ResponseCache cache;
  private final Optional<SemanticIndex> semantic;

  public CacheInvalidator(ResponseCache cache, Optional<SemanticIndex> semantic) {
    this.cache = requireNonNull(cache, "cache");
    this.semantic = requireNonNull(semantic, "semantic");
  }

  /**
   * Forgets the entries of {@code tenant} and {@code model} (each empty for any) and returns how
   * many exact entries went. Semantic entries of a model across all tenants stay in the index but
   * no longer lead anywhere: a semantic match is only served through the exact cache.
   */
  public long invalidate(String tenant, String model) {
    requireNonNull(tenant, "tenant");
    requireNonNull(model, "model");
    long removed = cache.removeAll(tenant, model);
    if (semantic.isPresent()) {
      if (tenant.isEmpty() && model.isEmpty()) {
        semantic.get().removeScope("");
      } else if (!tenant.isEmpty()) {
        semantic.get().removeScope(SemanticScope.prefix(tenant, model));
      }
    }
    return removed;
  }

  /** How many exact entries the cache holds. */
  public long size() {
    return cache.size();
  }

  @Override
  public String toString() {
    return "CacheInvalidator[" + cache + "]";
  }
}
