package dev.strata.core.model;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;

/** A tool the model may call: its name, what it does, and the JSON schema of its input. */
public record ToolSpec(String name, String description, JsonNode inputSchema) {
  public ToolSpec {
    requireNonNull(name, "name");
    description = description == null ? "" : description;
    requireNonNull(inputSchema, "inputSchema");
  }
}
