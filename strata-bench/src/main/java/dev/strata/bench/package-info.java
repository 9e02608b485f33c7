/**
 * Benchmark scenarios: {@link dev.strata.bench.GatewayOverheadBenchmark} measures the latency,
 * throughput and memory a Strata gateway adds in front of an upstream.
 */
package dev.strata.bench;
