package dev.strata.bench.mock;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One batch of the mock's OpenAI Batches and where it stands. Mutable; only {@link MockBatches}
 * changes it, under its lock, on the mock's one event loop.
 */
final class MockBatch {
  /** One request line of the input file. */
  record Line(String customId, JsonNode body) {
    Line {
      requireNonNull(customId, "customId");
      requireNonNull(body, "body");
    }
  }

  /** A validation error of the input file, as OpenAI lists it on a failed batch. */
  record Error(String code, String message, OptionalLong line, Optional<String> param) {
    Error {
      requireNonNull(code, "code");
      requireNonNull(message, "message");
      requireNonNull(line, "line");
      requireNonNull(param, "param");
    }
  }

  final String id;
  final String inputFileId;
  final String endpoint;
  final String completionWindow;
  final JsonNode metadata;
  final long createdAt;
  final Instant readyAt;
  final List<Line> lines;
  final List<Error> errors;
  final BatchScript script;

  String status = "validating";
  long completed;
  long failed;
  String outputFileId;
  String errorFileId;
  Long inProgressAt;
  Long finalizingAt;
  Long completedAt;
  Long failedAt;
  Long expiredAt;
  Long cancellingAt;
  Long cancelledAt;

  MockBatch(
      String id,
      String inputFileId,
      String endpoint,
      String completionWindow,
      JsonNode metadata,
      long createdAt,
      Instant readyAt,
      List<Line> lines,
      List<Error> errors,
      BatchScript script) {
    this.id = requireNonNull(id, "id");
    this.inputFileId = requireNonNull(inputFileId, "inputFileId");
    this.endpoint = requireNonNull(endpoint, "endpoint");
    this.completionWindow = requireNonNull(completionWindow, "completionWindow");
    this.metadata = requireNonNull(metadata, "metadata");
    this.createdAt = createdAt;
    this.readyAt = requireNonNull(readyAt, "readyAt");
    this.lines = List.copyOf(lines);
    this.errors = new ArrayList<>(errors);
    this.script = requireNonNull(script, "script");
  }

  boolean isTerminal() {
    return switch (status) {
      case "completed", "failed", "expired", "cancelled" -> true;
      default -> false;
    };
  }

  long expiresAt() {
    return createdAt + 24 * 60 * 60;
  }
}
