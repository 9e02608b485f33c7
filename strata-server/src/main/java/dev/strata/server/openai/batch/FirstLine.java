package dev.strata.server.openai.batch;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.server.http.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The first non-blank line of a batch input file, read no further than it ends (or a bound), to
 * learn the model the batch is for before its lines are validated one by one.
 */
final class FirstLine {
  /** Lines longer than this are not read here; the worker's validation will judge them. */
  static final int MAX_LINE_BYTES = 8 << 20;

  private FirstLine() {}

  /** The first non-blank line, if the stream has one (cut at {@link #MAX_LINE_BYTES}). */
  static Optional<String> of(InputStream content) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int next;
    while ((next = content.read()) != -1) {
      if (next == '\n') {
        String text = text(line);
        if (!text.isBlank()) {
          return Optional.of(text);
        }
        line.reset();
      } else if (line.size() < MAX_LINE_BYTES) {
        line.write(next);
      } else {
        return Optional.of(text(line));
      }
    }
    String text = text(line);
    return text.isBlank() ? Optional.empty() : Optional.of(text);
  }

  /** The {@code body.model} the line names, or empty when the line does not name one. */
  static String model(String line) {
    try {
      JsonNode node = Json.MAPPER.readTree(line);
      JsonNode model = node == null ? null : node.path("body").path("model");
      return model != null && model.isTextual() ? model.textValue() : "";
    } catch (JacksonException notJson) {
      return "";
    }
  }

  private static String text(ByteArrayOutputStream line) {
    String text = line.toString(StandardCharsets.UTF_8);
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }
}
