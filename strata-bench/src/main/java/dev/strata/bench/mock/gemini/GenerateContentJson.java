package dev.strata.bench.mock.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.core.json.JsonMappers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes the mock's answers as Gemini {@code GenerateContentResponse}s and Google error objects.
 */
final class GenerateContentJson {
  private static final ObjectMapper MAPPER = JsonMappers.create();

  private GenerateContentJson() {}

  /** The function the answer calls, when calls are configured and the request declares any. */
  static Optional<String> functionName(JsonNode request, GeminiMockSettings settings) {
    if (settings.toolCallArguments().isEmpty()) {
      return Optional.empty();
    }
    JsonNode allowed =
        request.path("toolConfig").path("functionCallingConfig").path("allowedFunctionNames");
    if (allowed.isArray() && !allowed.isEmpty()) {
      return Optional.of(allowed.get(0).asText());
    }
    for (JsonNode tool : request.path("tools")) {
      JsonNode declarations = tool.path("functionDeclarations");
      if (declarations.isArray() && !declarations.isEmpty()) {
        return Optional.of(declarations.get(0).path("name").asText());
      }
    }
    return Optional.empty();
  }

  static String response(String model, GeminiMockSettings settings, Optional<String> function) {
    ObjectNode response = MAPPER.createObjectNode();
    ObjectNode candidate = response.putArray("candidates").addObject();
    ObjectNode part =
        candidate.putObject("content").put("role", "model").putArray("parts").addObject();
    if (function.isPresent()) {
      part.putObject("functionCall")
          .put("name", function.get())
          .set("args", parse(settings.toolCallArguments().orElseThrow()));
    } else {
      part.put("text", settings.responseText());
    }
    candidate.put("finishReason", "STOP").put("index", 0);
    response.set("usageMetadata", usage(settings.usage()));
    response.put("modelVersion", model);
    return response.toString();
  }

  /** The server-sent events of a streamed answer: text chunks, the last with finish and usage. */
  static List<String> streamEvents(
      String model, GeminiMockSettings settings, Optional<String> function) {
    if (function.isPresent()) {
      return List.of(event(response(model, settings, function)));
    }
    List<String> fragments = fragments(settings.responseText(), settings.streamChunks());
    List<String> events = new ArrayList<>();
    for (int i = 0; i < fragments.size(); i++) {
      ObjectNode chunk = MAPPER.createObjectNode();
      ObjectNode candidate = chunk.putArray("candidates").addObject();
      candidate
          .putObject("content")
          .put("role", "model")
          .putArray("parts")
          .addObject()
          .put("text", fragments.get(i));
      candidate.put("index", 0);
      if (i == fragments.size() - 1) {
        candidate.put("finishReason", "STOP");
        chunk.set("usageMetadata", usage(settings.usage()));
      }
      chunk.put("modelVersion", model);
      events.add(event(chunk.toString()));
    }
    return events;
  }

  static String error(int code, String rpcStatus, String message, Integer retrySeconds) {
    ObjectNode root = MAPPER.createObjectNode();
    ObjectNode error = root.putObject("error");
    error.put("code", code).put("message", message).put("status", rpcStatus);
    if (retrySeconds != null) {
      error
          .putArray("details")
          .addObject()
          .put("@type", "type.googleapis.com/google.rpc.RetryInfo")
          .put("retryDelay", retrySeconds + "s");
    }
    return root.toString();
  }

  private static ObjectNode usage(GeminiMockUsage usage) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("promptTokenCount", usage.promptTokens());
    json.put("candidatesTokenCount", usage.candidatesTokens());
    json.put("totalTokenCount", usage.promptTokens() + usage.candidatesTokens());
    if (usage.cachedTokens() > 0) {
      json.put("cachedContentTokenCount", usage.cachedTokens());
    }
    return json;
  }

  private static String event(String data) {
    return "data: " + data + "\r\n\r\n";
  }

  private static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("tool call arguments are not JSON: " + json, e);
    }
  }

  private static List<String> fragments(String text, int count) {
    int[] codePoints = text.codePoints().toArray();
    int pieces = Math.max(1, Math.min(count, codePoints.length));
    List<String> fragments = new ArrayList<>(pieces);
    for (int i = 0; i < pieces; i++) {
      int from = (int) ((long) i * codePoints.length / pieces);
      int to = (int) ((long) (i + 1) * codePoints.length / pieces);
      fragments.add(new String(codePoints, from, to - from));
    }
    return fragments;
  }
}
