package dev.strata.providers.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.json.JsonMappers;
import dev.strata.providers.http.ResponseHeaders;
import dev.strata.providers.http.RetryAfter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Maps Bedrock's errors to {@link StrataException}s with the kind that says what to do: an error
 * answer (HTTP status, {@code x-amzn-ErrorType}, {@code {"message"}} body) and an exception sent
 * inside a stream ({@code :exception-type} and the same body) alike. Throttling, unavailability,
 * internal errors, a model not ready and timeouts are retryable; the rest are not.
 */
final class BedrockErrors {
  /** Upstream messages are quoted only up to this length. */
  static final int MAX_QUOTED_CHARS = 500;

  private static final ObjectMapper MAPPER = JsonMappers.create();

  private BedrockErrors() {}

  /** The failure an error answer means; a {@code Retry-After} it carries is kept. */
  static StrataException forStatus(
      String upstream, int status, ResponseHeaders headers, byte[] body, Clock clock) {
    Optional<JsonNode> json = json(body);
    String type =
        headers
            .first("x-amzn-ErrorType")
            .or(() -> json.map(root -> root.path("__type").asText(null)))
            .orElse("");
    String message =
        json.flatMap(BedrockErrors::message)
            .orElseGet(() -> new String(body, StandardCharsets.UTF_8));
    return of(upstream, type, OptionalInt.of(status), message, RetryAfter.from(headers, clock));
  }

  /** The failure an {@code exception} message of a stream means, from its type and payload. */
  static StrataException forStreamed(String upstream, String exceptionType, byte[] payload) {
    String message =
        json(payload)
            .flatMap(BedrockErrors::message)
            .orElseGet(() -> new String(payload, StandardCharsets.UTF_8));
    return of(upstream, exceptionType, OptionalInt.empty(), message, Optional.empty());
  }

  /** The failure an {@code error} message of a stream means, from its code and message headers. */
  static StrataException forStreamedError(String upstream, String errorCode, String message) {
    return of(upstream, errorCode, OptionalInt.empty(), message, Optional.empty());
  }

  private static StrataException of(
      String upstream,
      String rawType,
      OptionalInt status,
      String upstreamMessage,
      Optional<Duration> retryAfter) {
    String type = shortName(rawType);
    String detail = quote(upstreamMessage);
    String prefix = "upstream '" + upstream + "' ";
    ErrorKind kind;
    String message;
    switch (type.toLowerCase(Locale.ROOT)) {
      case "throttlingexception" -> {
        kind = ErrorKind.RATE_LIMITED;
        message = prefix + "is throttling requests: " + detail;
      }
      case "serviceunavailableexception" -> {
        kind = ErrorKind.UNAVAILABLE;
        message = prefix + "is unavailable: " + detail;
      }
      case "internalserverexception" -> {
        kind = ErrorKind.UNAVAILABLE;
        message = prefix + "had an internal error: " + detail;
      }
      case "modelnotreadyexception" -> {
        kind = ErrorKind.UNAVAILABLE;
        message = prefix + "model is not ready: " + detail;
      }
      case "modeltimeoutexception" -> {
        kind = ErrorKind.UPSTREAM_TIMEOUT;
        message = prefix + "model timed out: " + detail;
      }
      case "validationexception" -> {
        kind = ErrorKind.INVALID_REQUEST;
        message = prefix + "rejected the request: " + detail;
      }
      // Bedrock's text may quote part of the key, so it is not passed on.
      case "accessdeniedexception" -> {
        kind = ErrorKind.UPSTREAM_ERROR;
        message = "Bedrock rejected Strata's credentials (upstream '" + upstream + "')";
      }
      case "resourcenotfoundexception" -> {
        kind = ErrorKind.NOT_FOUND;
        message = prefix + "does not know the model: " + detail;
      }
      case "modelerrorexception" -> {
        kind = ErrorKind.UPSTREAM_ERROR;
        message = prefix + "model failed: " + detail;
      }
      case "modelstreamerrorexception" -> {
        kind = ErrorKind.UPSTREAM_ERROR;
        message = prefix + "model failed while streaming: " + detail;
      }
      default -> {
        kind = status.isPresent() ? byStatus(status.getAsInt()) : ErrorKind.UPSTREAM_ERROR;
        message =
            status.isPresent()
                ? prefix + "answered " + status.getAsInt() + ": " + detail
                : prefix + "sent " + (type.isEmpty() ? "an error" : type) + " mid-stream: " + detail;
      }
    }
    return StrataException.builder(kind, message).retryAfter(retryAfter.orElse(null)).build();
  }

  private static ErrorKind byStatus(int status) {
    if (status == 429) {
      return ErrorKind.RATE_LIMITED;
    }
    if (status == 408) {
      return ErrorKind.UPSTREAM_TIMEOUT;
    }
    if (status >= 500) {
      return ErrorKind.UNAVAILABLE;
    }
    return ErrorKind.UPSTREAM_ERROR;
  }

  /**
   * The error's name alone: {@code ThrottlingException:http://internal.amazon.com/…} and {@code
   * com.amazon.coral#ThrottlingException} both name {@code ThrottlingException}.
   */
  static String shortName(String type) {
    String name = type.strip();
    int colon = name.indexOf(':');
    if (colon >= 0) {
      name = name.substring(0, colon);
    }
    int hash = name.lastIndexOf('#');
    if (hash >= 0) {
      name = name.substring(hash + 1);
    }
    return name;
  }

  private static Optional<JsonNode> json(byte[] body) {
    if (body.length == 0) {
      return Optional.empty();
    }
    try {
      JsonNode root = MAPPER.readTree(body);
      return root != null && root.isObject() ? Optional.of(root) : Optional.empty();
    } catch (IOException notJson) {
      // Plain text or HTML from a proxy: the text itself is the message.
      return Optional.empty();
    }
  }

  private static Optional<String> message(JsonNode root) {
    JsonNode message = root.has("message") ? root.get("message") : root.get("Message");
    return message != null && message.isTextual() ? Optional.of(message.asText()) : Optional.empty();
  }

  private static String quote(String message) {
    String flat = message == null ? "" : message.strip().replaceAll("\\s+", " ");
    if (flat.isEmpty()) {
      return "(no message)";
    }
    return flat.length() <= MAX_QUOTED_CHARS ? flat : flat.substring(0, MAX_QUOTED_CHARS) + "…";
  }
}
