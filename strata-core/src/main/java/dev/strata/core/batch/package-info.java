/**
 * Batch jobs: OpenAI Batches and Bedrock model-invocation jobs in one canonical form, a durable
 * queue port whose records are claimed with leases, and the worker that runs them — through the
 * provider's native batch API at its batch price, or through on-demand calls at low priority.
 */
package dev.strata.core.batch;
