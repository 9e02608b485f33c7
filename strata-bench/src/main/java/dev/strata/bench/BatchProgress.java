package dev.strata.bench;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * A batch as {@code GET /v1/batches/{id}} shows it: its OpenAI status and request counts, and the
 * first of its errors when it has any.
 *
 * @param firstError the first error's code and message, empty when there is none
 */
record BatchProgress(String status, int total, int completed, int failed, String firstError) {

  private static final Set<String> TERMINAL = Set.of("completed", "failed", "expired", "cancelled");

  BatchProgress {
    requireNonNull(status, "status");
    requireNonNull(firstError, "firstError");
  }

  static BatchProgress of(JsonNode batch) {
    JsonNode counts = batch.path("request_counts");
    JsonNode error = batch.path("errors").path("data").path(0);
    String line = error.path("line").isNumber() ? " (line " + error.path("line").asInt() + ")" : "";
    String firstError =
        error.isMissingNode()
            ? ""
            : error.path("code").asText("") + ": " + error.path("message").asText("") + line;
    return new BatchProgress(
        batch.path("status").asText(""),
        counts.path("total").asInt(),
        counts.path("completed").asInt(),
        counts.path("failed").asInt(),
        firstError);
  }

  /** Records finished, whether they succeeded or failed. */
  int done() {
    return completed + failed;
  }

  boolean isTerminal() {
    return TERMINAL.contains(status);
  }

  /** Every record has finished (the output files may still be being written). */
  boolean isAllDone() {
    return total > 0 && done() >= total;
  }
}
