package dev.strata.core.batch;

import static java.util.Objects.requireNonNull;

/**
 * A job handed to a provider's own batch API: which provider, the model id it knows, and the id of
 * the batch it created, so polling resumes after a restart.
 */
public record NativeBatch(String provider, String upstreamModel, String upstreamBatchId) {
  public NativeBatch {
    requireNonNull(provider, "provider");
    requireNonNull(upstreamModel, "upstreamModel");
    requireNonNull(upstreamBatchId, "upstreamBatchId");
  }
}
