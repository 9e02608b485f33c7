package dev.strata.server.bedrock.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.batch.BatchJob;
import dev.strata.core.batch.BatchLine;
import dev.strata.core.batch.BatchLineException;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.path.Operation;
import dev.strata.server.bedrock.InvokeModelBodies;
import dev.strata.server.http.Json;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads one line of a Bedrock batch input file, {@code {"recordId": …, "modelInput": {…}}}, into a
 * chat request for the job's model. {@code modelInput} is an InvokeModel body — Anthropic Messages
 * when it has {@code anthropic_version}, else Converse — or always Converse in a job created with
 * {@code modelInvocationType} Converse. A missing {@code recordId} is generated from the record's
 * position, as Bedrock does.
 */
final class RecordReader {
  static final int MAX_RECORD_ID_LENGTH = 256;
  static final String RECORD_ID = "recordId";
  static final String MODEL_INPUT = "modelInput";

  BatchLine read(BatchJob job, int index, String line) {
    JsonNode record = parse(line);
    String recordId = recordId(record, index);
    JsonNode modelInput = record.get(MODEL_INPUT);
    if (modelInput == null || modelInput.isNull()) {
      throw new BatchLineException("missing_field", MODEL_INPUT, "modelInput is required");
    }
    if (!modelInput.isObject()) {
      throw new BatchLineException(
          "invalid_value", MODEL_INPUT, "modelInput must be an object, not " + type(modelInput));
    }
    ChatRequest request;
    try {
      request = InvokeModelBodies.decode(shape(job, modelInput), job.model(), modelInput);
    } catch (StrataException invalid) {
      String field = invalid.param().map(param -> MODEL_INPUT + "." + param).orElse(MODEL_INPUT);
      throw new BatchLineException("invalid_value", field, field + ": " + invalid.getMessage());
    }
    return new BatchLine(
        recordId,
        new Operation.Chat(request, Optional.empty()),
        Optional.of(modelInput.toString()));
  }

  /** The shape {@code modelInput} has in {@code job}. */
  static InvokeModelBodies.Shape shape(BatchJob job, JsonNode modelInput) {
    if (JobRequest.CONVERSE.equals(job.details().get(JobDetails.INVOCATION_TYPE))) {
      return InvokeModelBodies.Shape.CONVERSE;
    }
    return InvokeModelBodies.Shape.of(modelInput);
  }

  /** The id Bedrock gives a record without one: its 1-based position, 11 digits zero-padded. */
  static String generatedId(int index) {
    return String.format(Locale.ROOT, "%011d", index + 1L);
  }

  private static JsonNode parse(String line) {
    JsonNode record;
    try {
      record = Json.MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      throw new BatchLineException(
          "invalid_json", "", "the line is not valid JSON: " + e.getOriginalMessage());
    }
    if (record == null || !record.isObject()) {
      throw new BatchLineException(
          "invalid_json", "", "the line must be a JSON object with recordId and modelInput");
    }
    return record;
  }

  private static String recordId(JsonNode record, int index) {
    JsonNode id = record.get(RECORD_ID);
    if (id == null || id.isNull()) {
      return generatedId(index);
    }
    if (!id.isTextual()) {
      throw new BatchLineException(
          "invalid_value", RECORD_ID, "recordId must be a string, not " + type(id));
    }
    String value = id.textValue();
    if (value.isBlank() || value.length() > MAX_RECORD_ID_LENGTH) {
      throw new BatchLineException(
          "invalid_value",
          RECORD_ID,
          "recordId must have 1 to " + MAX_RECORD_ID_LENGTH + " characters and not be blank");
    }
    return value;
  }

  private static String type(JsonNode value) {
    return value.getNodeType().name().toLowerCase(Locale.ROOT);
  }
}
