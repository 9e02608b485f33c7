/**
 * Tier advice: from the ledger's sums over a window, which keys' latency-tolerant traffic would
 * cost less as batch work, and which models' sustained on-demand usage would cost less as
 * provisioned throughput under each commitment term. Every figure is exact and names the prices
 * and ledger sums it came from.
 */
package dev.strata.core.advice;
