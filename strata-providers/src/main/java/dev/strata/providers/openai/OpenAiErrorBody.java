package dev.strata.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.json.JsonMappers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Finds the human-readable message in an upstream error body: OpenAI's {@code error.message},
 * Ollama's {@code error} string, FastAPI's {@code detail} (vLLM), or else the body's text.
 */
final class OpenAiErrorBody {
  private static final ObjectMapper MAPPER = JsonMappers.create();

  private OpenAiErrorBody() {}

  static String message(byte[] body) {
    try {
      JsonNode root = MAPPER.readTree(body);
      if (root != null) {
        String message = message(root);
        if (!message.isEmpty()) {
          return message;
        }
      }
    } catch (IOException notJson) {
      // Plain text (or HTML from a proxy): the text itself is the message.
    }
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The message of a JSON error object, or "" when it has none. */
  static String message(JsonNode root) {
    JsonNode error = root.path("error");
    if (error.isTextual()) {
      return error.asText();
    }
    for (JsonNode candidate :
        new JsonNode[] {error.path("message"), root.path("message"), root.path("detail")}) {
      if (candidate.isTextual()) {
        return candidate.asText();
      }
      if (candidate.isContainerNode() && !candidate.isEmpty()) {
        return candidate.toString();
      }
    }
    return "";
  }
}
