package dev.strata.core.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.core.json.JsonMappers;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.Message;
import dev.strata.core.model.Role;
import dev.strata.core.model.StopReason;
import dev.strata.core.model.Usage;
import dev.strata.core.money.Money;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@link CachedAnswer} as JSON, for caches stored outside the process (Redis). Answers hold
 * text, tool calls and JSON blocks; any other block cannot be cached.
 */
public final class CachedAnswerJson {
  private static final ObjectMapper JSON = JsonMappers.create();

  private CachedAnswerJson() {}

  public static byte[] write(CachedAnswer answer) {
    ObjectNode root = JSON.createObjectNode();
    root.put("served_model", answer.servedModel());
    root.put("provider", answer.provider());
    root.put("cost_pico", answer.cost().picoUsd());
    ChatResponse response = answer.response();
    root.put("role", response.output().role().name());
    root.put("stop_reason", response.stopReason().name());
    ArrayNode content = root.putArray("content");
    for (ContentBlock block : response.output().content()) {
      ObjectNode out = content.addObject();
      switch (block) {
        case ContentBlock.Text text -> out.put("text", text.text());
        case ContentBlock.ToolUse use -> {
          out.put("tool_use_id", use.id());
          out.put("name", use.name());
          out.set("input", use.input());
        }
        case ContentBlock.Json json -> out.set("json", json.value());
        default ->
            throw new IllegalArgumentException(
                "a " + block.getClass().getSimpleName() + " block cannot be cached");
      }
    }
    response
        .usage()
        .ifPresent(
            usage -> {
              ObjectNode u = root.putObject("usage");
              u.put("input", usage.inputTokens());
              u.put("output", usage.outputTokens());
              u.put("cache_read", usage.cacheReadInputTokens());
              u.put("cache_write_5m", usage.cacheWrite5mInputTokens());
              u.put("cache_write_1h", usage.cacheWrite1hInputTokens());
            });
    try {
      return JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException("encoding a cached answer failed", e);
    }
  }

  /** The answer {@link #write} encoded; fails on anything it did not write. */
  public static CachedAnswer read(byte[] bytes) {
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (IOException e) {
      throw new IllegalArgumentException("a cached answer is not valid JSON", e);
    }
    List<ContentBlock> content = new ArrayList<>();
    for (JsonNode block : root.path("content")) {
      if (block.has("text")) {
        content.add(new ContentBlock.Text(block.get("text").asText()));
      } else if (block.has("tool_use_id")) {
        content.add(
            new ContentBlock.ToolUse(
                block.get("tool_use_id").asText(), block.get("name").asText(), block.get("input")));
      } else if (block.has("json")) {
        content.add(new ContentBlock.Json(block.get("json")));
      } else {
        throw new IllegalArgumentException("a cached answer has an unknown block: " + block);
      }
    }
    JsonNode u = root.path("usage");
    Optional<Usage> usage =
        u.isObject()
            ? Optional.of(
                new Usage(
                    u.path("input").asLong(),
                    u.path("output").asLong(),
                    u.path("cache_read").asLong(),
                    u.path("cache_write_5m").asLong(),
                    u.path("cache_write_1h").asLong()))
            : Optional.empty();
    ChatResponse response =
        new ChatResponse(
            new Message(Role.valueOf(root.path("role").asText("ASSISTANT")), content),
            StopReason.valueOf(root.path("stop_reason").asText()),
            usage);
    return new CachedAnswer(
        response,
        root.path("served_model").asText(),
        root.path("provider").asText(),
        Money.ofPico(root.path("cost_pico").asLong()));
  }
}
