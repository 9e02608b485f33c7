/**
 * A mock of Anthropic's Messages API over real HTTP ({@code POST /v1/messages}, whole or streamed),
 * with scripted failures, for tests and benchmarks of the Anthropic adapter.
 */
package dev.strata.bench.mock.anthropic;
