package dev.strata.bench;

/** One labelled pair after embedding: its cosine, the verifier's verdict and the truth. */
record ScoredPair(double similarity, boolean verified, boolean duplicate) {}
