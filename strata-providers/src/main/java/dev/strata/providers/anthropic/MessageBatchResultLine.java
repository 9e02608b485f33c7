package dev.strata.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.provider.NativeBatchPoll.NativeBatchResult;
import dev.strata.providers.http.UpstreamErrors;
import java.util.Optional;

/**
 * Reads one line of a message batch's results as the result of one call: a succeeded message (read
 * like an on-demand answer, cache reads and writes included), or an error whose Anthropic type
 * gives its kind. A canceled or expired request never ran and has no result.
 */
final class MessageBatchResultLine {
  private static final int MAX_MESSAGE_CHARS = 500;

  private MessageBatchResultLine() {}

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
    JsonNode result = line.path("result");
    return switch (result.path("type").asText("")) {
      case "succeeded" -> Optional.of(succeeded(upstream, customId, result.path("message")));
      case "errored" ->
          Optional.of(failed(customId, error(upstream, result.path("error").path("error"))));
      case "canceled", "expired" -> Optional.empty();
      default ->
          Optional.of(
              failed(
                  customId,
                  UpstreamErrors.malformed(upstream, "a batch result of an unknown type", null)));
    };
  }

  private static NativeBatchResult succeeded(String upstream, String customId, JsonNode message) {
    try {
      ChatResponse answer = MessagesResponseJson.parse(upstream, message);
      return new NativeBatchResult(customId, Optional.of(answer), Optional.empty());
    } catch (StrataException unreadable) {
      return failed(customId, unreadable);
    }
  }

  /** The failure an Anthropic error object means, by its type. */
  static StrataException error(String upstream, JsonNode error) {
    String type = error.path("type").asText("");
    ErrorKind kind =
        switch (type) {
          case "invalid_request_error" -> ErrorKind.INVALID_REQUEST;
          case "not_found_error" -> ErrorKind.NOT_FOUND;
          case "request_too_large" -> ErrorKind.PAYLOAD_TOO_LARGE;
          case "rate_limit_error" -> ErrorKind.RATE_LIMITED;
          case "api_error", "overloaded_error" -> ErrorKind.UNAVAILABLE;
          default -> ErrorKind.UPSTREAM_ERROR;
        };
    // The text of a rejected key may quote part of it, so it is never passed on.
    boolean credentials = type.equals("authentication_error") || type.equals("permission_error");
    String message =
        credentials ? "" : error.path("message").asText("").strip().replaceAll("\\s+", " ");
    if (message.length() > MAX_MESSAGE_CHARS) {
      message = message.substring(0, MAX_MESSAGE_CHARS) + "…";
    }
    return StrataException.builder(
            kind,
            "upstream '"
                + upstream
                + "' answered the call in its batch with "
                + (type.isEmpty() ? "an error" : type)
                + ": "
                + (message.isEmpty() ? "(no message)" : message))
        .code(type.isEmpty() ? null : type)
        .build();
  }

  private static NativeBatchResult failed(String customId, StrataException error) {
    return new NativeBatchResult(customId, Optional.empty(), Optional.of(error));
  }
}
