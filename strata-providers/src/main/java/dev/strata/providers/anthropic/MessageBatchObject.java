package dev.strata.providers.anthropic;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.providers.http.UpstreamErrors;
import java.util.Optional;

/**
 * What Strata reads of an Anthropic {@code message_batch}: its processing status, how many requests
 * are done of how many, and where its results are once it has ended.
 *
 * @param done requests that succeeded, errored, were canceled or expired
 */
record MessageBatchObject(
    String id, String processingStatus, long done, long total, Optional<String> resultsUrl) {

  MessageBatchObject {
    requireNonNull(id, "id");
    requireNonNull(processingStatus, "processingStatus");
    requireNonNull(resultsUrl, "resultsUrl");
  }

  static MessageBatchObject parse(String upstream, JsonNode root) {
    String id = root.path("id").asText("");
    String status = root.path("processing_status").asText("");
    if (id.isEmpty() || status.isEmpty()) {
      throw UpstreamErrors.malformed(
          upstream, "a message batch without an id or a processing status", null);
    }
    JsonNode counts = root.path("request_counts");
    long done = 0;
    for (String field : new String[] {"succeeded", "errored", "canceled", "expired"}) {
      done += Math.max(0, counts.path(field).asLong(0));
    }
    long processing = Math.max(0, counts.path("processing").asLong(0));
    JsonNode url = root.path("results_url");
    return new MessageBatchObject(
        id,
        status,
        done,
        done + processing,
        url.isTextual() && !url.asText().isEmpty() ? Optional.of(url.asText()) : Optional.empty());
  }

  /** Whether the batch is still processing or canceling. */
  boolean isRunning() {
    return processingStatus.equals("in_progress") || processingStatus.equals("canceling");
  }

  boolean hasEnded() {
    return processingStatus.equals("ended");
  }
}
