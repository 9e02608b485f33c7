package dev.strata.core.model;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;

/** The shape the answer must take: free text, any JSON object, or JSON matching a schema. */
public sealed interface ResponseFormat {
  /** Free text, the default. */
  record Text() implements ResponseFormat {}

  /** Any valid JSON object. */
  record JsonObject() implements ResponseFormat {}

  /** JSON that matches {@code schema}; {@code strict} asks the upstream to enforce it. */
  record JsonSchema(String name, JsonNode schema, boolean strict) implements ResponseFormat {
    public JsonSchema {
      requireNonNull(name, "name");
      requireNonNull(schema, "schema");
    }
  }
}
