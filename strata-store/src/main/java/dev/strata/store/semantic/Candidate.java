package dev.strata.store.semantic;

import static java.util.Objects.requireNonNull;

/** A stored prompt near the query, before the live-entry check and the verifier. */
record Candidate(String entryId, long seq, String prompt, double similarity) {
  Candidate {
    requireNonNull(entryId, "entryId");
    requireNonNull(prompt, "prompt");
  }
}
