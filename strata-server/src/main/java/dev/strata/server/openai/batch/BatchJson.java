package dev.strata.server.openai.batch;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.strata.core.batch.BatchError;
import dev.strata.core.batch.BatchJob;
import dev.strata.core.batch.BatchStatus;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Writes OpenAI's batch object. The job keeps when it started and when it ended; the time of each
 * end state ({@code completed_at}, {@code failed_at}, …) is that end, and the moments between
 * (finalizing, cancelling) are the end too once it is reached, and unknown before.
 */
final class BatchJson {
  private BatchJson() {}

  static void write(JsonGenerator json, BatchJob job) throws IOException {
    BatchStatus status = job.status();
    Optional<Instant> end = job.finishedAt();
    boolean completed =
        status == BatchStatus.COMPLETED || status == BatchStatus.PARTIALLY_COMPLETED;
    json.writeStartObject();
    json.writeStringField("id", job.id());
    json.writeStringField("object", "batch");
    json.writeStringField("endpoint", job.endpoint());
    json.writeStringField("model", job.model());
    writeErrors(json, job);
    json.writeStringField("input_file_id", job.input().key());
    json.writeStringField(
        "completion_window",
        job.details().getOrDefault(OpenAiBatchFormat.COMPLETION_WINDOW, BatchCreate.COMPLETION_WINDOW));
    json.writeStringField("status", status.openAi());
    writeString(json, "output_file_id", job.outputFileId());
    writeString(json, "error_file_id", job.errorFileId());
    json.writeNumberField("created_at", job.createdAt().getEpochSecond());
    writeTime(json, "in_progress_at", job.startedAt());
    json.writeNumberField("expires_at", job.expiresAt().getEpochSecond());
    writeTime(json, "finalizing_at", completed ? end : Optional.empty());
    writeTime(json, "completed_at", completed ? end : Optional.empty());
    writeTime(json, "failed_at", status == BatchStatus.FAILED ? end : Optional.empty());
    writeTime(json, "expired_at", status == BatchStatus.EXPIRED ? end : Optional.empty());
    writeTime(json, "cancelling_at", status == BatchStatus.CANCELLED ? end : Optional.empty());
    writeTime(json, "cancelled_at", status == BatchStatus.CANCELLED ? end : Optional.empty());
    json.writeObjectFieldStart("request_counts");
    json.writeNumberField("total", job.counts().total());
    json.writeNumberField("completed", job.counts().completed());
    json.writeNumberField("failed", job.counts().failed());
    json.writeEndObject();
    if (job.metadata().isEmpty()) {
      json.writeNullField("metadata");
    } else {
      json.writeObjectFieldStart("metadata");
      for (Map.Entry<String, String> entry : job.metadata().entrySet()) {
        json.writeStringField(entry.getKey(), entry.getValue());
      }
      json.writeEndObject();
    }
    json.writeEndObject();
  }

  private static void writeErrors(JsonGenerator json, BatchJob job) throws IOException {
    if (job.errors().isEmpty()) {
      json.writeNullField("errors");
      return;
    }
    json.writeObjectFieldStart("errors");
    json.writeStringField("object", "list");
    json.writeArrayFieldStart("data");
    for (BatchError error : job.errors()) {
      json.writeStartObject();
      json.writeStringField("code", error.code());
      json.writeStringField("message", error.message());
      if (error.param().isEmpty()) {
        json.writeNullField("param");
      } else {
        json.writeStringField("param", error.param());
      }
      if (error.line().isPresent()) {
        json.writeNumberField("line", error.line().getAsInt());
      } else {
        json.writeNullField("line");
      }
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  private static void writeString(JsonGenerator json, String field, Optional<String> value)
      throws IOException {
    if (value.isPresent()) {
      json.writeStringField(field, value.get());
    } else {
      json.writeNullField(field);
    }
  }

  private static void writeTime(JsonGenerator json, String field, Optional<Instant> at)
      throws IOException {
    if (at.isPresent()) {
      json.writeNumberField(field, at.get().getEpochSecond());
    } else {
      json.writeNullField(field);
    }
  }
}
