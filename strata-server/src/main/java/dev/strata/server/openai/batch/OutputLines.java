package dev.strata.server.openai.batch;

import dev.strata.core.batch.BatchLine;
import dev.strata.core.batch.BatchLineException;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.Usage;
import dev.strata.core.path.Answer;
import dev.strata.core.path.Operation;
import dev.strata.server.http.Json;
import dev.strata.server.openai.OpenAiBodies;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * The lines of OpenAI batch output and error files: {@code {id, custom_id, response:{status_code,
 * request_id, body}, error}}, where {@code body} is exactly what the endpoint would have answered,
 * and {@code error} is set instead of a response for a request that never reached the endpoint.
 */
final class OutputLines {
  private OutputLines() {}

  static String success(BatchLine line, Answer answer, String requestId, long created) {
    Buffer body =
        switch (answer) {
          case Answer.Chat chat -> {
            requireOperation(line, Operation.Chat.class);
            yield OpenAiBodies.chatCompletion(
                requestId,
                created,
                line.operation().model(),
                chat.response(),
                chat.response().usage().orElse(Usage.ZERO));
          }
          case Answer.Embeddings embeddings -> {
            requireOperation(line, Operation.Embed.class);
            yield OpenAiBodies.embeddings(
                line.operation().model(),
                embeddings.response(),
                embeddings.response().inputTokens().orElse(0L));
          }
        };
    return response(line.customId(), requestId, 200, body);
  }

  static String failure(BatchLine line, StrataException error, String requestId) {
    return response(line.customId(), requestId, error.httpStatus(), OpenAiBodies.error(error));
  }

  static String unreadable(String customId, BatchLineException error, String requestId) {
    return withoutResponse(customId, requestId, error.code(), error.getMessage());
  }

  /** The line of a record that never ran because the batch was cancelled or expired first. */
  static String skipped(String customId, String requestId, boolean expired) {
    return expired
        ? withoutResponse(
            customId,
            requestId,
            "batch_expired",
            "This request could not be executed before the completion window expired.")
        : withoutResponse(
            customId,
            requestId,
            "batch_cancelled",
            "This request was not executed because the batch was cancelled.");
  }

  private static String response(String customId, String requestId, int status, Buffer body) {
    String raw = body.toString(StandardCharsets.UTF_8);
    return Json.write(
            raw.length() + 128,
            json -> {
              json.writeStartObject();
              json.writeStringField("id", Ids.batchRequestId(requestId));
              json.writeStringField("custom_id", customId);
              json.writeObjectFieldStart("response");
              json.writeNumberField("status_code", status);
              json.writeStringField("request_id", requestId);
              json.writeFieldName("body");
              json.writeRawValue(raw);
              json.writeEndObject();
              json.writeNullField("error");
              json.writeEndObject();
            })
        .toString(StandardCharsets.UTF_8);
  }

  private static String withoutResponse(
      String customId, String requestId, String code, String message) {
    return Json.write(
            256,
            json -> {
              json.writeStartObject();
              json.writeStringField("id", Ids.batchRequestId(requestId));
              json.writeStringField("custom_id", customId);
              json.writeNullField("response");
              json.writeObjectFieldStart("error");
              json.writeStringField("code", code);
              json.writeStringField("message", message);
              json.writeEndObject();
              json.writeEndObject();
            })
        .toString(StandardCharsets.UTF_8);
  }

  private static void requireOperation(BatchLine line, Class<? extends Operation> expected) {
    if (!expected.isInstance(line.operation())) {
      throw new IllegalArgumentException(
          "a " + line.operation().name() + " line cannot be answered with this answer");
    }
  }
}
