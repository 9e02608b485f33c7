package dev.strata.core.cache;

import static java.util.Objects.requireNonNull;

/** An earlier prompt found by meaning: its response-cache entry and how similar it is (cosine). */
public record SemanticMatch(String entryId, double similarity) {
  public SemanticMatch {
    requireNonNull(entryId, "entryId");
  }
}
