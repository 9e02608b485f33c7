package dev.strata.providers.openai;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.providers.http.UpstreamErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What Strata reads of an OpenAI {@code batch} object: its status, request counts, result files
 * and, for a failed batch, why.
 *
 * @param done requests that finished, successfully or not
 */
record BatchObject(
    String id,
    String status,
    long total,
    long done,
    Optional<String> outputFileId,
    Optional<String> errorFileId,
    List<String> errors) {

  /** Failure reasons beyond this many are counted, not quoted. */
  static final int MAX_QUOTED_ERRORS = 5;

  private static final int MAX_ERROR_CHARS = 300;

  BatchObject {
    requireNonNull(id, "id");
    requireNonNull(status, "status");
    requireNonNull(outputFileId, "outputFileId");
    requireNonNull(errorFileId, "errorFileId");
    errors = List.copyOf(requireNonNull(errors, "errors"));
  }

  static BatchObject parse(String upstream, JsonNode root) {
    String id = root.path("id").asText("");
    String status = root.path("status").asText("");
    if (id.isEmpty() || status.isEmpty()) {
      throw UpstreamErrors.malformed(upstream, "a batch without an id or a status", null);
    }
    JsonNode counts = root.path("request_counts");
    long completed = Math.max(0, counts.path("completed").asLong(0));
    long failed = Math.max(0, counts.path("failed").asLong(0));
    long total = Math.max(completed + failed, counts.path("total").asLong(0));
    List<String> errors = new ArrayList<>();
    for (JsonNode error : root.path("errors").path("data")) {
      errors.add(describe(error));
    }
    return new BatchObject(
        id,
        status,
        total,
        completed + failed,
        fileId(root.path("output_file_id")),
        fileId(root.path("error_file_id")),
        errors);
  }

  /** Whether the batch has ended with results to collect: completed, expired or cancelled. */
  boolean hasResults() {
    return switch (status) {
      case "completed", "expired", "cancelled" -> true;
      default -> false;
    };
  }

  /** Whether the batch is still validating, running, finalizing or cancelling. */
  boolean isRunning() {
    return switch (status) {
      case "validating", "in_progress", "finalizing", "cancelling" -> true;
      default -> false;
    };
  }

  /** Why a failed batch failed, from its errors, in a bounded message. */
  String failureReason() {
    if (errors.isEmpty()) {
      return "the upstream failed the batch without saying why";
    }
    String quoted =
        String.join("; ", errors.subList(0, Math.min(MAX_QUOTED_ERRORS, errors.size())));
    int more = errors.size() - MAX_QUOTED_ERRORS;
    return more > 0 ? quoted + "; and " + more + " more" : quoted;
  }

  private static String describe(JsonNode error) {
    StringBuilder text = new StringBuilder();
    if (error.path("line").canConvertToLong()) {
      text.append("line ").append(error.path("line").asLong()).append(": ");
    }
    String message = error.path("message").asText("").strip();
    text.append(message.isEmpty() ? "(no message)" : message);
    String code = error.path("code").asText("");
    if (!code.isEmpty()) {
      text.append(" (").append(code).append(')');
    }
    return text.length() <= MAX_ERROR_CHARS
        ? text.toString()
        : text.substring(0, MAX_ERROR_CHARS) + "…";
  }

  private static Optional<String> fileId(JsonNode node) {
    return node.isTextual() && !node.asText().isEmpty()
        ? Optional.of(node.asText())
        : Optional.empty();
  }
}
