package dev.strata.server.anthropic;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.server.http.ErrorRenderer;
import dev.strata.server.http.Json;
import dev.strata.server.http.StrataHeaders;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Renders every failure as an Anthropic error object {@code {"type":"error","error":{"type",
 * "message"},"request_id"}} with Anthropic's status for it (529 when every upstream is overloaded).
 * Server-side failures never show a stack trace, and every message is cut to one line with anything
 * that looks like a credential masked, as it may quote an upstream.
 */
final class AnthropicErrors implements ErrorRenderer {
  static final int OVERLOADED_STATUS = 529;
  private static final int MAX_MESSAGE_LENGTH = 500;
  private static final Pattern SECRETS =
      Pattern.compile(
          "(?i)(bearer\\s+\\S+|sk-[A-Za-z0-9_\\-]{6,}|AKIA[0-9A-Z]{12,}"
              + "|(api[_-]?key|secret|token|password|signature)\\s*[=:]\\s*\\S+)");

  @Override
  public void render(HttpServerResponse response, StrataException failure) {
    if (failure.kind() == ErrorKind.CLIENT_CLOSED) {
      response.reset(); // nobody is listening
      return;
    }
    String requestId = requestIdOf(response);
    Buffer body = Json.write(256, json -> writeError(json, failure, requestId));
    response.setStatusCode(status(failure.kind()));
    response.putHeader(HttpHeaders.CONTENT_TYPE, StrataHeaders.APPLICATION_JSON);
    if (requestId != null) {
      response.putHeader(AnthropicHeaders.REQUEST_ID, requestId);
    }
    failure
        .retryAfter()
        .ifPresent(wait -> response.putHeader(HttpHeaders.RETRY_AFTER, retryAfterSeconds(wait)));
    response.end(body);
  }

  /** Writes the error object; {@code requestId} may be null, as in a stream's error event. */
  static void writeError(JsonGenerator json, StrataException failure, String requestId)
      throws IOException {
    json.writeStartObject();
    json.writeStringField("type", "error");
    json.writeObjectFieldStart("error");
    json.writeStringField("type", type(failure.kind()));
    json.writeStringField("message", message(failure));
    json.writeEndObject();
    if (requestId != null) {
      json.writeStringField("request_id", requestId);
    }
    json.writeEndObject();
  }

  /** The 404 for a path under {@code /v1/messages} that no route serves. */
  static StrataException unknownUrl(HttpMethod method, String path) {
    return StrataException.builder(ErrorKind.NOT_FOUND, "Not found: " + method.name() + " " + path)
        .build();
  }

  /** The 405 for a served path asked with another method. */
  static StrataException methodNotAllowed(HttpMethod method, String path) {
    return StrataException.builder(
            ErrorKind.METHOD_NOT_ALLOWED,
            "Method " + method.name() + " is not allowed for " + path + "; use POST.")
        .build();
  }

  static int status(ErrorKind kind) {
    return kind == ErrorKind.UNAVAILABLE ? OVERLOADED_STATUS : kind.httpStatus();
  }

  static String type(ErrorKind kind) {
    return switch (kind) {
      case INVALID_REQUEST, METHOD_NOT_ALLOWED, UNSUPPORTED_MEDIA_TYPE, CLIENT_CLOSED ->
          "invalid_request_error";
      case AUTHENTICATION -> "authentication_error";
      case PERMISSION_DENIED -> "permission_error";
      case NOT_FOUND -> "not_found_error";
      case PAYLOAD_TOO_LARGE -> "request_too_large";
      case RATE_LIMITED, QUOTA_EXCEEDED -> "rate_limit_error";
      case UNAVAILABLE -> "overloaded_error";
      case UPSTREAM_TIMEOUT -> "timeout_error";
      case UPSTREAM_ERROR, INTERNAL -> "api_error";
    };
  }

  static String message(StrataException failure) {
    return switch (failure.kind()) {
      case INTERNAL ->
          "Internal server error. The request-id header identifies the request in the server's"
              + " logs.";
      default -> sanitized(failure.getMessage()); // may quote an upstream: mask what it leaked
    };
  }

  /** One line, credentials masked, bounded length: upstream text is not ours to show in full. */
  static String sanitized(String message) {
    if (message == null || message.isBlank()) {
      return "The upstream model provider failed to answer.";
    }
    int lineEnd = message.indexOf('\n');
    String line = (lineEnd < 0 ? message : message.substring(0, lineEnd)).strip();
    String masked = SECRETS.matcher(line).replaceAll("[redacted]");
    return masked.length() <= MAX_MESSAGE_LENGTH
        ? masked
        : masked.substring(0, MAX_MESSAGE_LENGTH) + "…";
  }

  /** Anthropic-style id derived from Strata's own request id, which the endpoints stamp first. */
  private static String requestIdOf(HttpServerResponse response) {
    String strataId = response.headers().get(StrataHeaders.REQUEST_ID);
    return strataId == null ? null : AnthropicHeaders.requestId(strataId);
  }

  private static String retryAfterSeconds(Duration wait) {
    long seconds = wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0);
    return Long.toString(Math.max(1, seconds));
  }
}
