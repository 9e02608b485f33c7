package dev.strata.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.json.JsonMappers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Anthropic's error object, {@code {"type":"error","error":{"type","message"}}}, in a body or
 * event.
 */
final class AnthropicErrorBody {
  private static final ObjectMapper MAPPER = JsonMappers.create();

  private AnthropicErrorBody() {}

  /** The error's message, or the body's text when it is not an Anthropic error. */
  static String message(byte[] body) {
    try {
      JsonNode message = MAPPER.readTree(body).path("error").path("message");
      if (message.isTextual()) {
        return message.asText();
      }
    } catch (IOException | RuntimeException notJson) {
      // Plain text or HTML from a proxy: the text itself is the message.
    }
    return new String(body, StandardCharsets.UTF_8);
  }

  /**
   * The failure an {@code error} event in a stream means: overload and server errors may pass if
   * tried again, throttling too; anything else is the upstream's error.
   */
  static StrataException streamed(String upstream, JsonNode event) {
    JsonNode error = event.path("error");
    String type = error.path("type").asText("");
    ErrorKind kind =
        switch (type) {
          case "overloaded_error", "api_error" -> ErrorKind.UNAVAILABLE;
          case "rate_limit_error" -> ErrorKind.RATE_LIMITED;
          default -> ErrorKind.UPSTREAM_ERROR;
        };
    String message = error.path("message").asText("");
    return StrataException.builder(
            kind,
            "upstream '"
                + upstream
                + "' reported "
                + (type.isEmpty() ? "an error" : type)
                + " mid-stream: "
                + (message.isBlank() ? "(no message)" : message))
        .code(type.isEmpty() ? null : type)
        .build();
  }
}
