package dev.strata.server.openai.batch;

import dev.strata.server.openai.JsonFields;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.batch.BatchJob;
import dev.strata.core.batch.BatchLine;
import dev.strata.core.batch.BatchLineException;
import dev.strata.core.error.StrataException;
import dev.strata.core.path.Operation;
import dev.strata.server.http.Json;
import dev.strata.server.openai.OpenAiBodies;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one line of an OpenAI batch input file, {@code {custom_id, method, url, body}}, into a
 * request. The body is decoded by the endpoint's own decoder, so a body error names {@code
 * body.<field>} exactly as the endpoint would name {@code <field>}.
 */
final class LineReader {
  static final int MAX_CUSTOM_ID_CHARS = 512;
  private static final Set<String> KNOWN = Set.of("custom_id", "method", "url", "body");

  private LineReader() {}

  static BatchLine read(BatchJob job, String line) {
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(line);
    } catch (JacksonException e) {
      throw new BatchLineException(
          "invalid_json", "", "the line is not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new BatchLineException(
          "invalid_json", "", "a line must be a JSON object with custom_id, method, url and body.");
    }
    rejectUnknown(node);
    String customId = customId(node);
    String method = requiredString(node, "method");
    if (!method.equals("POST")) {
      throw new BatchLineException(
          "invalid_value", "method", "'method' must be 'POST', not '" + method + "'.");
    }
    String url = requiredString(node, "url");
    if (!url.equals(job.endpoint())) {
      throw new BatchLineException(
          "invalid_value",
          "url",
          "'url' is '" + url + "', but this batch's endpoint is '" + job.endpoint()
              + "'; every line must call the batch's endpoint.");
    }
    JsonNode body = present(node, "body");
    if (body == null) {
      throw missing("body");
    }
    if (!body.isObject()) {
      throw wrongType("body", "an object", body);
    }
    String model = requiredString(body, "model", "body.model");
    if (!model.equals(job.model())) {
      throw new BatchLineException(
          "model_mismatch",
          "body.model",
          "'body.model' is '" + model + "', but this batch is for '" + job.model()
              + "'; every line of a batch must name the same model.");
    }
    JsonNode stream = present(body, "stream");
    if (stream != null && stream.isBoolean() && stream.booleanValue()) {
      throw new BatchLineException(
          "invalid_value", "body.stream", "a batch cannot stream; leave 'body.stream' out.");
    }
    return new BatchLine(customId, operation(job.endpoint(), body));
  }

  private static Operation operation(String endpoint, JsonNode body) {
    try {
      return switch (endpoint) {
        case "/v1/chat/completions" ->
            new Operation.Chat(OpenAiBodies.chatRequest(body), Optional.empty());
        case "/v1/embeddings" -> {
          JsonNode encoding = present(body, "encoding_format");
          if (encoding != null && encoding.isTextual() && encoding.textValue().equals("base64")) {
            throw new BatchLineException(
                "invalid_value",
                "body.encoding_format",
                "a batch answers with float vectors; leave 'body.encoding_format' out or set"
                    + " 'float'.");
          }
          yield new Operation.Embed(OpenAiBodies.embeddingRequest(body));
        }
        default ->
            throw new BatchLineException(
                "invalid_value", "url", "Strata does not run batches for '" + endpoint + "'.");
      };
    } catch (StrataException bodyError) {
      throw new BatchLineException(
          bodyError.code().orElse("invalid_value"),
          bodyError.param().map(param -> "body." + param).orElse("body"),
          bodyError.getMessage());
    }
  }

  private static String customId(JsonNode node) {
    String customId = requiredString(node, "custom_id");
    if (customId.isBlank()) {
      throw new BatchLineException("invalid_value", "custom_id", "'custom_id' cannot be empty.");
    }
    if (customId.length() > MAX_CUSTOM_ID_CHARS) {
      throw new BatchLineException(
          "invalid_value",
          "custom_id",
          "'custom_id' has " + customId.length() + " characters; at most " + MAX_CUSTOM_ID_CHARS
              + " are allowed.");
    }
    return customId;
  }

  private static void rejectUnknown(JsonNode node) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!KNOWN.contains(name)) {
        throw new BatchLineException(
            "unknown_parameter",
            name,
            "unrecognized field '" + name + "'; a line has custom_id, method, url and body.");
      }
    }
  }

  private static String requiredString(JsonNode node, String field) {
    return requiredString(node, field, field);
  }

  private static String requiredString(JsonNode node, String field, String param) {
    JsonNode value = present(node, field);
    if (value == null) {
      throw missing(param);
    }
    if (!value.isTextual()) {
      throw wrongType(param, "a string", value);
    }
    return value.textValue();
  }

  private static JsonNode present(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value;
  }

  private static BatchLineException missing(String param) {
    return new BatchLineException(
        "missing_required_parameter", param, "missing required field '" + param + "'.");
  }

  private static BatchLineException wrongType(String param, String expected, JsonNode got) {
    return new BatchLineException(
        "invalid_type",
        param,
        "'" + param + "' must be " + expected + ", not " + JsonFields.describe(got) + ".");
  }
}
