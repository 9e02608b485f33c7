package dev.strata.server.bedrock;

import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.server.http.ErrorRenderer;
import dev.strata.server.http.Json;
import dev.strata.server.http.StrataHeaders;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import java.util.regex.Pattern;

/**
 * Renders failures as Bedrock does: header {@code x-amzn-ErrorType} naming the exception, body
 * {@code {"message": ...}}. Missing or bad credentials are 403 AccessDeniedException, as on AWS.
 */
public final class BedrockErrors implements ErrorRenderer {
  static final CharSequence ERROR_TYPE = HttpHeaders.createOptimized("x-amzn-ErrorType");
  static final CharSequence AWS_REQUEST_ID = HttpHeaders.createOptimized("x-amzn-RequestId");
  private static final int MAX_MESSAGE_LENGTH = 500;
  private static final Pattern SECRETS =
      Pattern.compile(
          "(?i)(bearer\\s+\\S+|sk-[A-Za-z0-9_\\-]{6,}|AKIA[0-9A-Z]{12,}"
              + "|(api[_-]?key|secret|token|password|signature)\\s*[=:]\\s*\\S+)");

  /** One failure in Bedrock's vocabulary: HTTP status, exception name, message. */
  record Rendered(int status, String type, String message) {
    /**
     * The union member name a stream's exception frame carries, e.g. throttlingException. Only
     * InvokeModelWithResponseStream has a modelTimeoutException member.
     */
    String streamType(boolean hasModelTimeout) {
      String member =
          switch (type) {
            case "ModelErrorException" -> "ModelStreamErrorException";
            case "ModelTimeoutException" ->
                hasModelTimeout ? "ModelTimeoutException" : "ModelStreamErrorException";
            case "AccessDeniedException",
                "ResourceNotFoundException",
                "ServiceQuotaExceededException" ->
                "ValidationException";
            default -> type;
          };
      return Character.toLowerCase(member.charAt(0)) + member.substring(1);
    }
  }

  @Override
  public void render(HttpServerResponse response, StrataException failure) {
    if (failure.kind() == ErrorKind.CLIENT_CLOSED) {
      response.reset();
      return;
    }
    Rendered rendered = of(failure);
    Buffer body =
        Json.write(
            128,
            json -> {
              json.writeStartObject();
              json.writeStringField("message", rendered.message());
              json.writeEndObject();
            });
    response.setStatusCode(rendered.status());
    response.putHeader(HttpHeaders.CONTENT_TYPE, StrataHeaders.APPLICATION_JSON);
    response.putHeader(ERROR_TYPE, rendered.type());
    failure
        .retryAfter()
        .ifPresent(
            wait ->
                response.putHeader(
                    HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, wait.toSeconds()))));
    response.end(body);
  }

  /** The HTTP status Bedrock answers {@code failure} with (batch output lines carry it). */
  public static int statusOf(StrataException failure) {
    return of(failure).status();
  }

  /** The message Bedrock shows for {@code failure}: upstream text sanitized, defects hidden. */
  public static String messageOf(StrataException failure) {
    return of(failure).message();
  }

  static Rendered of(StrataException failure) {
    String message = message(failure);
    return switch (failure.kind()) {
      case INVALID_REQUEST, UNSUPPORTED_MEDIA_TYPE ->
          new Rendered(400, "ValidationException", message);
      case METHOD_NOT_ALLOWED -> new Rendered(405, "ValidationException", message);
      case PAYLOAD_TOO_LARGE -> new Rendered(413, "ValidationException", message);
      case AUTHENTICATION, PERMISSION_DENIED -> new Rendered(403, "AccessDeniedException", message);
      case NOT_FOUND ->
          new Rendered(
              404,
              failure.code().filter("UnknownOperationException"::equals).isPresent()
                  ? "UnknownOperationException"
                  : "ResourceNotFoundException",
              message);
      case RATE_LIMITED -> new Rendered(429, "ThrottlingException", message);
      // As Bedrock does: a quota is not a throttle, so SDKs must not retry it.
      case QUOTA_EXCEEDED -> new Rendered(400, "ServiceQuotaExceededException", message);
      case UPSTREAM_ERROR -> new Rendered(424, "ModelErrorException", message);
      case UPSTREAM_TIMEOUT -> new Rendered(408, "ModelTimeoutException", message);
      case UNAVAILABLE -> new Rendered(503, "ServiceUnavailableException", message);
      case CLIENT_CLOSED, INTERNAL -> new Rendered(500, "InternalServerException", message);
    };
  }

  private static String message(StrataException failure) {
    return switch (failure.kind()) {
      case INTERNAL, CLIENT_CLOSED ->
          "The server had an error while processing your request; the x-amzn-RequestId header"
              + " identifies it in the server's logs.";
      case UPSTREAM_ERROR, UNAVAILABLE, UPSTREAM_TIMEOUT -> sanitized(failure.getMessage());
      default -> failure.getMessage();
    };
  }

  /** One line, credentials masked, bounded length: upstream text is not ours to show in full. */
  private static String sanitized(String message) {
    if (message == null || message.isBlank()) {
      return "The model provider failed to answer.";
    }
    int lineEnd = message.indexOf('\n');
    String line = (lineEnd < 0 ? message : message.substring(0, lineEnd)).strip();
    String masked = SECRETS.matcher(line).replaceAll("[redacted]");
    return masked.length() <= MAX_MESSAGE_LENGTH ? masked : masked.substring(0, MAX_MESSAGE_LENGTH);
  }
}
