/**
 * OpenAI Files and Batches: {@code /v1/files} uploads kept in the object store, {@code
 * /v1/batches} jobs handed to the batch queue, and the OpenAI batch line format the batch worker
 * reads input lines and writes output files with.
 */
package dev.strata.server.openai.batch;
