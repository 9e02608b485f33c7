package dev.strata.bench.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Answers an embeddings request with deterministic unit vectors seeded by a hash of each input, so
 * equal inputs get equal vectors. {@code encoding_format: "base64"} gets little-endian float32
 * bytes, as OpenAI's API (and the official SDKs, which ask for it) expects.
 */
final class EmbeddingsJson {

  static final int DEFAULT_DIMENSIONS = 8;
  private static final int MAX_DIMENSIONS = 4096;
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private EmbeddingsJson() {}

  /** The inputs of a request: a string, an array of strings, or token arrays. */
  static List<JsonNode> inputs(JsonNode request) {
    JsonNode input = request.path("input");
    boolean single = input.isTextual() || (input.isArray() && input.path(0).isNumber());
    if (single) {
      return List.of(input);
    }
    return input.isArray() ? input.valueStream().toList() : List.of();
  }

  static String response(JsonNode request, Optional<MockUsage> fixedUsage, boolean omitUsage) {
    List<JsonNode> inputs = inputs(request);
    int dimensions = Math.min(MAX_DIMENSIONS, request.path("dimensions").asInt(DEFAULT_DIMENSIONS));
    boolean base64 = "base64".equals(request.path("encoding_format").asText());
    ObjectNode root = JSON.objectNode().put("object", "list");
    ArrayNode data = root.putArray("data");
    long tokens = 0;
    for (int i = 0; i < inputs.size(); i++) {
      float[] vector = vector(inputs.get(i).toString(), Math.max(1, dimensions));
      ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
      if (base64) {
        item.put("embedding", base64(vector));
      } else {
        ArrayNode values = item.putArray("embedding");
        for (float value : vector) {
          values.add(value);
        }
      }
      tokens += TokenEstimate.embeddingInput(inputs.get(i));
    }
    root.put("model", request.path("model").asText());
    if (!omitUsage) {
      long promptTokens = fixedUsage.map(MockUsage::promptTokens).orElse(tokens);
      root.putObject("usage").put("prompt_tokens", promptTokens).put("total_tokens", promptTokens);
    }
    return root.toString();
  }

  static float[] vector(String seedText, int dimensions) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : seedText.getBytes(StandardCharsets.UTF_8)) {
      hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
    }
    SplittableRandom random = new SplittableRandom(hash);
    float[] vector = new float[dimensions];
    double norm = 0;
    for (int i = 0; i < dimensions; i++) {
      vector[i] = (float) (random.nextDouble() * 2 - 1);
      norm += vector[i] * vector[i];
    }
    float scale = (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < dimensions; i++) {
      vector[i] *= scale;
    }
    return vector;
  }

  private static String base64(float[] vector) {
    ByteBuffer bytes =
        ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (float value : vector) {
      bytes.putFloat(value);
    }
    return Base64.getEncoder().encodeToString(bytes.array());
  }
}
