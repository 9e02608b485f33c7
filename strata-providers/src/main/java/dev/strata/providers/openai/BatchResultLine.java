package dev.strata.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.provider.NativeBatchPoll.NativeBatchResult;
import dev.strata.providers.http.UpstreamErrors;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one line of an OpenAI batch's output or error file as the result of one call: an answer
 * (read like an on-demand answer, usage and cached tokens included), an HTTP error with the kind
 * its status implies, or an error the batch itself reported. A request the batch never ran (expired
 * or cancelled before its turn) has no result.
 */
final class BatchResultLine {
  /** Codes of requests that never ran: the completion window ended, or the batch was cancelled. */
  static final Set<String> NEVER_RAN = Set.of("batch_expired", "batch_cancelled");

  private static final int MAX_MESSAGE_CHARS = 500;

  private BatchResultLine() {}

  /**
   * The call's result, or empty when the request never ran.
   *
   * @throws StrataException {@code UPSTREAM_ERROR} when the line has no custom id
   */
  static Optional<NativeBatchResult> parse(String upstream, JsonNode line) {
    String customId = line.path("custom_id").asText("");
    if (!line.path("custom_id").isTextual() || customId.isEmpty()) {
      throw UpstreamErrors.malformed(upstream, "a batch result line without a custom_id", null);
    }
    JsonNode response = line.path("response");
    if (response.isObject()) {
      return Optional.of(answered(upstream, customId, response));
    }
    JsonNode error = line.path("error");
    if (error.isObject()) {
      String code = error.path("code").asText("");
      if (NEVER_RAN.contains(code)) {
        return Optional.empty();
      }
      return Optional.of(failed(customId, batchError(upstream, code, error.path("message"))));
    }
    return Optional.of(
        failed(
            customId,
            UpstreamErrors.malformed(
                upstream, "a batch result with neither a response nor an error", null)));
  }

  private static NativeBatchResult answered(String upstream, String customId, JsonNode response) {
    int status = response.path("status_code").asInt(0);
    JsonNode body = response.path("body");
    if (status < 200 || status > 299) {
      return failed(
          customId,
          UpstreamErrors.forStatus(
              upstream, status, OpenAiErrorBody.message(body), Optional.empty()));
    }
    try {
      ChatResponse answer = ChatResponseJson.parse(upstream, body);
      return new NativeBatchResult(customId, Optional.of(answer), Optional.empty());
    } catch (StrataException unreadable) {
      return failed(customId, unreadable);
    }
  }

  private static StrataException batchError(String upstream, String code, JsonNode message) {
    String text = message.asText("").strip().replaceAll("\\s+", " ");
    if (text.length() > MAX_MESSAGE_CHARS) {
      text = text.substring(0, MAX_MESSAGE_CHARS) + "…";
    }
    return StrataException.builder(
            ErrorKind.UPSTREAM_ERROR,
            "upstream '"
                + upstream
                + "' could not run the call in its batch: "
                + (text.isEmpty() ? "(no message)" : text))
        .code(code.isEmpty() ? null : code)
        .build();
  }

  private static NativeBatchResult failed(String customId, StrataException error) {
    return new NativeBatchResult(customId, Optional.empty(), Optional.of(error));
  }
}
