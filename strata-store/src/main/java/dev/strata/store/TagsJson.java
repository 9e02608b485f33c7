package dev.strata.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.json.JsonMappers;
import java.util.Map;
import java.util.TreeMap;

/** Tags as a JSON object of strings, keys sorted so equal tags are stored as equal text. */
final class TagsJson {
  private static final ObjectMapper JSON = JsonMappers.create();
  private static final JavaType TAGS =
      JSON.getTypeFactory().constructMapType(TreeMap.class, String.class, String.class);

  private TagsJson() {}

  static String write(Map<String, String> tags) {
    try {
      return JSON.writeValueAsString(new TreeMap<>(tags));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("tags cannot be written as JSON", e);
    }
  }

  static Map<String, String> read(String json) {
    try {
      return JSON.readValue(json, TAGS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored tags are not a JSON object of strings: " + json, e);
    }
  }
}
