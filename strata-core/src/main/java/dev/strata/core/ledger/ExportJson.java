package dev.strata.core.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.json.JsonMappers;
import java.util.Map;
import java.util.TreeMap;

/** JSON text for exports: tag maps as JSON objects with sorted keys. */
final class ExportJson {
  static final ObjectMapper MAPPER = JsonMappers.create();

  private ExportJson() {}

  static String object(Map<String, String> values) {
    try {
      return MAPPER.writeValueAsString(new TreeMap<>(values));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings cannot be written as JSON", e);
    }
  }
}
