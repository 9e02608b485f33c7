/**
 * Mock upstreams that speak a provider's wire protocol over real HTTP, for tests and benchmarks.
 * The public surface is {@link dev.strata.bench.mock.MockOpenAiUpstream} and its settings, scripted
 * outcomes and recordings.
 */
package dev.strata.bench.mock;
