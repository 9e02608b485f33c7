package dev.strata.bench.mock.anthropic;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One batch of the mock's Message Batches and where it stands. Mutable; only {@link
 * MockMessageBatches} changes it, under its lock, on the mock's one event loop.
 */
final class MockMessageBatch {
  /** One request of the batch. */
  record Request(String customId, JsonNode params) {
    Request {
      requireNonNull(customId, "customId");
      requireNonNull(params, "params");
    }
  }

  final String id;
  final Instant createdAt;
  final Instant readyAt;
  final List<Request> requests;
  final int requestsToRun;

  String processingStatus = "in_progress";
  long succeeded;
  long errored;
  long canceled;
  long expired;
  Instant endedAt;
  Instant cancelInitiatedAt;
  final List<String> results = new ArrayList<>();

  MockMessageBatch(
      String id, Instant createdAt, Instant readyAt, List<Request> requests, int requestsToRun) {
    this.id = requireNonNull(id, "id");
    this.createdAt = requireNonNull(createdAt, "createdAt");
    this.readyAt = requireNonNull(readyAt, "readyAt");
    this.requests = List.copyOf(requests);
    this.requestsToRun = requestsToRun;
  }

  boolean hasEnded() {
    return processingStatus.equals("ended");
  }

  long processing() {
    return hasEnded() ? 0 : requests.size();
  }
}
