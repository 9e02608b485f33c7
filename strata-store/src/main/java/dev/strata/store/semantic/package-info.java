/**
 * The semantic response-cache index: prompts embedded in process by all-MiniLM-L6-v2, searched
 * with Lucene's HNSW vectors within one scope, and checked by a lexical {@link
 * dev.strata.store.semantic.Verifier} before a match is trusted.
 */
package dev.strata.store.semantic;
