package dev.strata.core.provider;

import java.util.List;

/**
 * A provider's own batch API (OpenAI Batch, Anthropic Message Batches, Bedrock batch inference):
 * calls submitted together, answered within hours at the provider's batch price. Calls block the
 * calling thread; failures are {@link dev.strata.core.error.StrataException}s.
 */
public interface NativeBatches {
  /** The error code of a submission the upstream refused because it has no batch API. */
  String UNSUPPORTED = "native_batch_unsupported";

  /**
   * Submits the calls as one upstream batch and returns the upstream batch id. Each call's
   * {@code customId} comes back with its result. A retryable failure means no batch was created;
   * code {@link #UNSUPPORTED} means the upstream has no batch API.
   */
  String submit(List<NativeBatchCall> calls);

  /** Where the upstream batch is; once it has ended, the results of every call. */
  NativeBatchPoll poll(String upstreamBatchId);

  /** Asks the upstream to cancel the batch. */
  void cancel(String upstreamBatchId);
}
