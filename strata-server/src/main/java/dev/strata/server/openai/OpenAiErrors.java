package dev.strata.server.openai;

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
 * Renders every failure as an OpenAI error object {@code {"error":{"message","type","param",
 * "code"}}} with the kind's status. Server-side failures never show a stack trace, and upstream
 * messages are cut to one line with anything that looks like a credential masked.
 */
public final class OpenAiErrors implements ErrorRenderer {
  private static final int MAX_MESSAGE_LENGTH = 500;
  private static final Pattern SECRETS =
      Pattern.compile(
          "(?i)(bearer\\s+\\S+|sk-[A-Za-z0-9_\\-]{6,}|AKIA[0-9A-Z]{12,}"
              + "|(api[_-]?key|secret|token|password|signature)\\s*[=:]\\s*\\S+)");

  @Override
  public void render(HttpServerResponse response, StrataException failure) {
    if (failure.kind() == ErrorKind.CLIENT_CLOSED) {
      // Nobody is listening; make sure the connection does not linger.
      response.reset();
      return;
    }
    Buffer body = Json.write(256, json -> writeError(json, failure));
    response.setStatusCode(failure.httpStatus());
    response.putHeader(HttpHeaders.CONTENT_TYPE, StrataHeaders.APPLICATION_JSON);
    failure
        .retryAfter()
        .ifPresent(wait -> response.putHeader(HttpHeaders.RETRY_AFTER, retryAfterSeconds(wait)));
    response.end(body);
  }

  /** Writes {@code {"error":{...}}}, as a response body or as a stream's last event. */
  static void writeError(JsonGenerator json, StrataException failure) throws IOException {
    json.writeStartObject();
    json.writeObjectFieldStart("error");
    json.writeStringField("message", message(failure));
    json.writeStringField("type", type(failure.kind()));
    writeNullableString(json, "param", failure.param().orElse(null));
    writeNullableString(json, "code", failure.code().orElse(defaultCode(failure.kind())));
    json.writeEndObject();
    json.writeEndObject();
  }

  /** The 404 for a path no route serves. */
  public static StrataException unknownUrl(HttpMethod method, String path) {
    return StrataException.builder(
            ErrorKind.NOT_FOUND,
            "Unknown request URL: "
                + method.name()
                + " "
                + path
                + ". Please check the URL for typos, or see the API reference.")
        .code("unknown_url")
        .build();
  }

  /** The 405 for a path served, but not with this method. */
  public static StrataException methodNotAllowed(HttpMethod method, String path) {
    return StrataException.builder(
            ErrorKind.METHOD_NOT_ALLOWED,
            "Method " + method.name() + " is not allowed for " + path + ".")
        .code("method_not_allowed")
        .build();
  }

  static String type(ErrorKind kind) {
    return switch (kind) {
      case INVALID_REQUEST,
          NOT_FOUND,
          METHOD_NOT_ALLOWED,
          PAYLOAD_TOO_LARGE,
          UNSUPPORTED_MEDIA_TYPE,
          CLIENT_CLOSED ->
          "invalid_request_error";
      case AUTHENTICATION -> "authentication_error";
      case PERMISSION_DENIED -> "permission_error";
      case RATE_LIMITED -> "rate_limit_error";
      case QUOTA_EXCEEDED -> "insufficient_quota";
      case UPSTREAM_ERROR, UNAVAILABLE, UPSTREAM_TIMEOUT, INTERNAL -> "api_error";
    };
  }

  private static String defaultCode(ErrorKind kind) {
    return switch (kind) {
      case AUTHENTICATION -> "invalid_api_key";
      case RATE_LIMITED -> "rate_limit_exceeded";
      case QUOTA_EXCEEDED -> "insufficient_quota";
      case PAYLOAD_TOO_LARGE -> "request_too_large";
      case UPSTREAM_TIMEOUT -> "upstream_timeout";
      case UNAVAILABLE -> "upstream_unavailable";
      case UPSTREAM_ERROR -> "upstream_error";
      case INTERNAL -> "internal_error";
      default -> null;
    };
  }

  static String message(StrataException failure) {
    return switch (failure.kind()) {
      case INTERNAL ->
          "The server had an error while processing your request. The x-request-id header"
              + " identifies it in the server's logs.";
      case UPSTREAM_ERROR, UNAVAILABLE, UPSTREAM_TIMEOUT -> sanitized(failure.getMessage());
      default -> failure.getMessage();
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

  private static String retryAfterSeconds(Duration wait) {
    long seconds = wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0);
    return Long.toString(Math.max(1, seconds));
  }

  private static void writeNullableString(JsonGenerator json, String field, String value)
      throws IOException {
    if (value == null) {
      json.writeNullField(field);
    } else {
      json.writeStringField(field, value);
    }
  }
}
