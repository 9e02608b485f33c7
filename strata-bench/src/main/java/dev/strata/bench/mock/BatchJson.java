package dev.strata.bench.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Renders the mock's files, batches and batch result lines as OpenAI's API writes them. */
final class BatchJson {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private BatchJson() {}

  static String file(MockFiles.StoredFile file) {
    return JSON.objectNode()
        .put("id", file.id())
        .put("object", "file")
        .put("bytes", file.content().length)
        .put("created_at", file.createdAt())
        .put("filename", file.filename())
        .put("purpose", file.purpose())
        .put("status", "processed")
        .toString();
  }

  static String deletedFile(String id) {
    return JSON.objectNode().put("id", id).put("object", "file").put("deleted", true).toString();
  }

  static ObjectNode batch(MockBatch batch) {
    ObjectNode root =
        JSON.objectNode()
            .put("id", batch.id)
            .put("object", "batch")
            .put("endpoint", batch.endpoint);
    if (batch.errors.isEmpty()) {
      root.putNull("errors");
    } else {
      ObjectNode errors = root.putObject("errors").put("object", "list");
      ArrayNode data = errors.putArray("data");
      for (MockBatch.Error error : batch.errors) {
        ObjectNode item =
            data.addObject().put("code", error.code()).put("message", error.message());
        error
            .param()
            .ifPresentOrElse(param -> item.put("param", param), () -> item.putNull("param"));
        if (error.line().isPresent()) {
          item.put("line", error.line().getAsLong());
        } else {
          item.putNull("line");
        }
      }
    }
    root.put("input_file_id", batch.inputFileId)
        .put("completion_window", batch.completionWindow)
        .put("status", batch.status)
        .put("output_file_id", batch.outputFileId)
        .put("error_file_id", batch.errorFileId)
        .put("created_at", batch.createdAt)
        .put("in_progress_at", batch.inProgressAt)
        .put("expires_at", batch.expiresAt())
        .put("finalizing_at", batch.finalizingAt)
        .put("completed_at", batch.completedAt)
        .put("failed_at", batch.failedAt)
        .put("expired_at", batch.expiredAt)
        .put("cancelling_at", batch.cancellingAt)
        .put("cancelled_at", batch.cancelledAt);
    root.putObject("request_counts")
        .put("total", batch.lines.size())
        .put("completed", batch.completed)
        .put("failed", batch.failed);
    root.set("metadata", batch.metadata);
    return root;
  }

  static String batchList(List<MockBatch> batches, boolean hasMore) {
    ObjectNode root = JSON.objectNode().put("object", "list");
    ArrayNode data = root.putArray("data");
    batches.forEach(batch -> data.add(batch(batch)));
    root.put("first_id", batches.isEmpty() ? null : batches.get(0).id);
    root.put("last_id", batches.isEmpty() ? null : batches.get(batches.size() - 1).id);
    root.put("has_more", hasMore);
    return root.toString();
  }

  /** A line of the output (status 200) or error file for a request that got an HTTP answer. */
  static String answeredLine(
      String id, String customId, int status, String requestId, JsonNode body) {
    ObjectNode root = JSON.objectNode().put("id", id).put("custom_id", customId);
    ObjectNode response =
        root.putObject("response").put("status_code", status).put("request_id", requestId);
    response.set("body", body);
    root.putNull("error");
    return root.toString();
  }

  /** A line of the error file for a request that never ran (expired, cancelled). */
  static String unansweredLine(String id, String customId, String code, String message) {
    ObjectNode root = JSON.objectNode().put("id", id).put("custom_id", customId);
    root.putNull("response");
    root.putObject("error").put("code", code).put("message", message);
    return root.toString();
  }
}
