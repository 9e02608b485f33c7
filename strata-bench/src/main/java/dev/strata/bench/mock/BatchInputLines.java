package dev.strata.bench.mock;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.json.JsonMappers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Validates a batch input file as OpenAI does before it runs anything: one JSON request per line
 * with a unique {@code custom_id}, {@code method} POST, the batch's {@code url} and a {@code body}
 * for a single model. Any error fails the whole batch.
 */
final class BatchInputLines {
  /** OpenAI's limit of requests in one batch. */
  static final int MAX_LINES = 50_000;

  /** Errors beyond this many are not listed. */
  static final int MAX_ERRORS = 100;

  private static final ObjectMapper MAPPER = JsonMappers.create();

  private BatchInputLines() {}

  /** The lines of a valid file, or the errors of an invalid one. */
  record Read(List<MockBatch.Line> lines, List<MockBatch.Error> errors) {
    Read {
      lines = List.copyOf(requireNonNull(lines, "lines"));
      errors = List.copyOf(requireNonNull(errors, "errors"));
    }
  }

  static Read read(byte[] content, String endpoint) {
    List<MockBatch.Line> lines = new ArrayList<>();
    List<MockBatch.Error> errors = new ArrayList<>();
    Set<String> customIds = new HashSet<>();
    String model = null;
    String[] texts = new String(content, StandardCharsets.UTF_8).split("\n", -1);
    for (int i = 0; i < texts.length && errors.size() < MAX_ERRORS; i++) {
      String text = texts[i].strip();
      long number = i + 1L;
      if (text.isEmpty()) {
        continue;
      }
      if (lines.size() == MAX_LINES) {
        errors.add(error("too_many_requests", "A batch holds at most 50000 requests.", number));
        break;
      }
      JsonNode line = parse(text);
      if (line == null || !line.isObject()) {
        errors.add(error("invalid_json_line", "This line is not parseable as valid JSON.", number));
        continue;
      }
      String customId = line.path("custom_id").asText("");
      JsonNode body = line.path("body");
      if (customId.isEmpty()) {
        errors.add(error("missing_required_parameter", "custom_id is required.", number));
      } else if (!customIds.add(customId)) {
        errors.add(
            error("duplicate_custom_id", "The custom_id '" + customId + "' is repeated.", number));
      } else if (!"POST".equals(line.path("method").asText())) {
        errors.add(error("invalid_method", "The method must be POST.", number));
      } else if (!endpoint.equals(line.path("url").asText())) {
        errors.add(
            error("invalid_url", "The url must match the batch's endpoint " + endpoint, number));
      } else if (!body.isObject()) {
        errors.add(error("missing_required_parameter", "body must be a JSON object.", number));
      } else if (model != null && !model.equals(body.path("model").asText(""))) {
        errors.add(
            error(
                "mismatched_model",
                "The requests in one batch must all use the same model.",
                number));
      } else {
        model = body.path("model").asText("");
        lines.add(new MockBatch.Line(customId, body));
      }
    }
    if (errors.isEmpty() && lines.isEmpty()) {
      errors.add(
          new MockBatch.Error(
              "empty_file",
              "The input file has no requests.",
              OptionalLong.empty(),
              Optional.empty()));
    }
    return new Read(errors.isEmpty() ? lines : List.of(), errors);
  }

  private static MockBatch.Error error(String code, String message, long line) {
    return new MockBatch.Error(code, message, OptionalLong.of(line), Optional.empty());
  }

  private static JsonNode parse(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (IOException notJson) {
      return null;
    }
  }
}
