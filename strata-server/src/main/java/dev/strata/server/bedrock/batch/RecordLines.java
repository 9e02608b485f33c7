package dev.strata.server.bedrock.batch;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.batch.BatchJob;
import dev.strata.core.batch.BatchLine;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.Usage;
import dev.strata.core.path.Answer;
import dev.strata.server.bedrock.BedrockErrors;
import dev.strata.server.bedrock.InvokeModelBodies;
import dev.strata.server.http.Json;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Writes the output lines of a Bedrock batch: {@code {recordId, modelInput, modelOutput}}, where
 * {@code modelOutput} is exactly the body InvokeModel would have answered, or {@code {recordId,
 * modelInput, error: {errorCode, errorMessage}}} with the HTTP status Bedrock would have answered.
 */
final class RecordLines {
  /** Batch outputs carry no per-record latency, so Converse-shaped outputs report zero. */
  private static final long NO_LATENCY = 0;

  private RecordLines() {}

  static String success(BatchJob job, BatchLine line, Answer answer, String requestId) {
    ChatResponse response =
        switch (answer) {
          case Answer.Chat chat -> chat.response();
          case Answer.Embeddings embeddings ->
              throw new IllegalArgumentException("Bedrock batch records are chat requests");
        };
    InvokeModelBodies.Shape shape = RecordReader.shape(job, echoed(line));
    Buffer output =
        InvokeModelBodies.response(
            shape,
            requestId,
            job.model(),
            response,
            response.usage().orElse(Usage.ZERO),
            NO_LATENCY);
    return write(
        json -> {
          start(json, line.customId(), line.echo());
          json.writeFieldName("modelOutput");
          json.writeRawValue(output.toString(StandardCharsets.UTF_8));
          json.writeEndObject();
        });
  }

  static String failure(BatchLine line, StrataException error) {
    return error(
        line.customId(),
        line.echo(),
        BedrockErrors.statusOf(error),
        BedrockErrors.messageOf(error));
  }

  /** A record whose line could not be read: a client error, as at validation. */
  static String unreadable(String recordId, String message) {
    return error(recordId, Optional.empty(), 400, message);
  }

  private static String error(String recordId, Optional<String> echo, int status, String message) {
    return write(
        json -> {
          start(json, recordId, echo);
          json.writeObjectFieldStart("error");
          json.writeNumberField("errorCode", status);
          json.writeStringField("errorMessage", message);
          json.writeEndObject();
          json.writeEndObject();
        });
  }

  private static void start(JsonGenerator json, String recordId, Optional<String> echo)
      throws IOException {
    json.writeStartObject();
    json.writeStringField(RecordReader.RECORD_ID, recordId);
    if (echo.isPresent()) {
      json.writeFieldName(RecordReader.MODEL_INPUT);
      json.writeRawValue(echo.get());
    }
  }

  private static JsonNode echoed(BatchLine line) {
    if (line.echo().isEmpty()) {
      return Json.MAPPER.createObjectNode();
    }
    try {
      return Json.MAPPER.readTree(line.echo().get());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the echoed modelInput is not JSON", e);
    }
  }

  private static String write(dev.strata.server.http.JsonWriter writer) {
    return Json.write(512, writer).toString(StandardCharsets.UTF_8);
  }
}
