package dev.strata.bench.mock.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;

/** Renders the mock's message batches and their result lines as Anthropic's API writes them. */
final class MessageBatchJson {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private MessageBatchJson() {}

  static String batch(MockMessageBatch batch, String baseUrl) {
    ObjectNode root =
        JSON.objectNode()
            .put("id", batch.id)
            .put("type", "message_batch")
            .put("processing_status", batch.processingStatus);
    root.putObject("request_counts")
        .put("processing", batch.processing())
        .put("succeeded", batch.succeeded)
        .put("errored", batch.errored)
        .put("canceled", batch.canceled)
        .put("expired", batch.expired);
    root.put("ended_at", time(batch.endedAt))
        .put("created_at", time(batch.createdAt))
        .put("expires_at", time(batch.createdAt.plus(Duration.ofHours(24))))
        .putNull("archived_at");
    root.put("cancel_initiated_at", time(batch.cancelInitiatedAt))
        .put(
            "results_url",
            batch.hasEnded() ? baseUrl + "/v1/messages/batches/" + batch.id + "/results" : null);
    return root.toString();
  }

  static String succeeded(String customId, JsonNode message) {
    ObjectNode line = JSON.objectNode().put("custom_id", customId);
    line.putObject("result").put("type", "succeeded").set("message", message);
    return line.toString();
  }

  static String errored(String customId, String errorType, String message) {
    ObjectNode line = JSON.objectNode().put("custom_id", customId);
    ObjectNode error = line.putObject("result").put("type", "errored").putObject("error");
    error.put("type", "error");
    error.putObject("error").put("type", errorType).put("message", message);
    return line.toString();
  }

  /** A request that never ran: {@code canceled} or {@code expired}. */
  static String unrun(String customId, String type) {
    ObjectNode line = JSON.objectNode().put("custom_id", customId);
    line.putObject("result").put("type", type);
    return line.toString();
  }

  private static String time(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
