package dev.strata.core.model;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * A tool the model may call: its name, what it does, the JSON schema of its input, and whether a
 * cache point follows it (Bedrock's {@code cachePoint} after a tool, Anthropic's {@code
 * cache_control} on a tool): the prompt prefix up to and including this tool is cached.
 */
public record ToolSpec(
    String name,
    String description,
    JsonNode inputSchema,
    Optional<ContentBlock.CacheTtl> cachePointAfter) {
  public ToolSpec {
    requireNonNull(name, "name");
    description = description == null ? "" : description;
    requireNonNull(inputSchema, "inputSchema");
    requireNonNull(cachePointAfter, "cachePointAfter");
  }

  /** A tool with no cache point after it. */
  public ToolSpec(String name, String description, JsonNode inputSchema) {
    this(name, description, inputSchema, Optional.empty());
  }

  /** This tool followed by a cache point with {@code ttl}. */
  public ToolSpec withCachePointAfter(ContentBlock.CacheTtl ttl) {
    return new ToolSpec(name, description, inputSchema, Optional.of(ttl));
  }
}
