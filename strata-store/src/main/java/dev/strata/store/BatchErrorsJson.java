package dev.strata.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.core.batch.BatchError;
import dev.strata.core.json.JsonMappers;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/** A job's errors as a JSON array of {@code {code, message, line?, param}} objects, in order. */
final class BatchErrorsJson {
  private static final ObjectMapper JSON = JsonMappers.create();

  private BatchErrorsJson() {}

  static String write(List<BatchError> errors) {
    ArrayNode array = JSON.createArrayNode();
    for (BatchError error : errors) {
      ObjectNode node = array.addObject();
      node.put("code", error.code());
      node.put("message", error.message());
      error.line().ifPresent(line -> node.put("line", line));
      node.put("param", error.param());
    }
    return array.toString();
  }

  static List<BatchError> read(String json) {
    JsonNode array;
    try {
      array = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored batch errors are not JSON: " + json, e);
    }
    if (!array.isArray()) {
      throw new IllegalStateException("stored batch errors are not a JSON array: " + json);
    }
    List<BatchError> errors = new ArrayList<>(array.size());
    for (JsonNode node : array) {
      JsonNode line = node.path("line");
      errors.add(
          new BatchError(
              node.path("code").asText(),
              node.path("message").asText(),
              line.isInt() ? OptionalInt.of(line.intValue()) : OptionalInt.empty(),
              node.path("param").asText()));
    }
    return errors;
  }
}
