package dev.strata.store.semantic;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** One remembered prompt: its entry, scope, text, vector, expiry and insertion sequence. */
record IndexedEntry(
    String entryId, String scope, String prompt, float[] vector, Instant expiresAt, long seq) {
  IndexedEntry {
    requireNonNull(entryId, "entryId");
    requireNonNull(scope, "scope");
    requireNonNull(prompt, "prompt");
    requireNonNull(vector, "vector");
    requireNonNull(expiresAt, "expiresAt");
  }
}
