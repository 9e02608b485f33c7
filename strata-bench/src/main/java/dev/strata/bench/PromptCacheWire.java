package dev.strata.bench;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.core.json.JsonMappers;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.Message;
import dev.strata.core.model.ToolSpec;
import dev.strata.core.model.Usage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Sends a canonical chat request to the mock Anthropic upstream as a Messages request — a cache
 * point becomes {@code cache_control} on the block before it, as the Anthropic adapter does — and
 * returns the usage the mock reported.
 */
final class PromptCacheWire {
  private static final ObjectMapper MAPPER = JsonMappers.create();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(TIMEOUT).version(HttpClient.Version.HTTP_1_1).build();
  private final URI messages;
  private final String upstreamModel;

  PromptCacheWire(String baseUrl, String upstreamModel) {
    this.messages = URI.create(requireNonNull(baseUrl, "baseUrl") + "/v1/messages");
    this.upstreamModel = requireNonNull(upstreamModel, "upstreamModel");
  }

  Usage send(ChatRequest request) {
    HttpRequest http =
        HttpRequest.newBuilder(messages)
            .timeout(TIMEOUT)
            .header("content-type", "application/json")
            .header("anthropic-version", "2023-06-01")
            .POST(HttpRequest.BodyPublishers.ofString(body(request).toString()))
            .build();
    try {
      HttpResponse<String> response = client.send(http, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "the mock answered " + response.statusCode() + ": " + response.body());
      }
      JsonNode usage = MAPPER.readTree(response.body()).path("usage");
      return new Usage(
          usage.path("input_tokens").asLong(),
          usage.path("output_tokens").asLong(),
          usage.path("cache_read_input_tokens").asLong(),
          usage.at("/cache_creation/ephemeral_5m_input_tokens").asLong(),
          usage.at("/cache_creation/ephemeral_1h_input_tokens").asLong());
    } catch (IOException e) {
      throw new IllegalStateException("calling the mock upstream failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while calling the mock upstream", e);
    }
  }

  ObjectNode body(ChatRequest request) {
    ObjectNode root = MAPPER.createObjectNode().put("model", upstreamModel).put("max_tokens", 512);
    ArrayNode tools = root.putArray("tools");
    for (ToolSpec tool : request.tools().map(t -> t.tools()).orElse(List.of())) {
      ObjectNode json =
          tools.addObject().put("name", tool.name()).put("description", tool.description());
      json.set("input_schema", tool.inputSchema());
      tool.cachePointAfter().ifPresent(ttl -> json.set("cache_control", cacheControl(ttl)));
    }
    blocks(request.system(), root.putArray("system"));
    ArrayNode messages = root.putArray("messages");
    for (Message message : request.messages()) {
      ObjectNode json = messages.addObject().put("role", message.role().name().toLowerCase(Locale.ROOT));
      blocks(message.content(), json.putArray("content"));
    }
    return root;
  }

  private static void blocks(List<ContentBlock> blocks, ArrayNode out) {
    for (ContentBlock block : blocks) {
      switch (block) {
        case ContentBlock.CachePoint point -> {
          if (!out.isEmpty()) {
            ((ObjectNode) out.get(out.size() - 1)).set("cache_control", cacheControl(point.ttl()));
          }
        }
        case ContentBlock.Text text -> out.addObject().put("type", "text").put("text", text.text());
        case ContentBlock.ToolUse use -> {
          ObjectNode json =
              out.addObject().put("type", "tool_use").put("id", use.id()).put("name", use.name());
          json.set("input", use.input());
        }
        case ContentBlock.ToolResult result -> {
          ObjectNode json =
              out.addObject().put("type", "tool_result").put("tool_use_id", result.toolUseId());
          blocks(result.content(), json.putArray("content"));
        }
        default ->
            throw new IllegalArgumentException(
                "the prompt-cache workload has no " + block.getClass().getSimpleName());
      }
    }
  }

  private static ObjectNode cacheControl(ContentBlock.CacheTtl ttl) {
    return MAPPER
        .createObjectNode()
        .put("type", "ephemeral")
        .put("ttl", ttl == ContentBlock.CacheTtl.ONE_HOUR ? "1h" : "5m");
  }
}
