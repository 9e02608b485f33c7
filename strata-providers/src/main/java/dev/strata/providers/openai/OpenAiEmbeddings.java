package dev.strata.providers.openai;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.EmbeddingRequest;
import dev.strata.core.model.EmbeddingResponse;
import dev.strata.providers.http.UpstreamErrors;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** Writes {@code /embeddings} requests and reads their float vectors, in input order. */
final class OpenAiEmbeddings {
  private OpenAiEmbeddings() {}

  static ObjectNode body(EmbeddingRequest request) {
    if (request.inputs().isEmpty()) {
      throw StrataException.invalid("input", "an embeddings request needs at least one input");
    }
    ObjectNode root = JsonNodeFactory.instance.objectNode().put("model", request.model());
    ArrayNode input = root.putArray("input");
    request.inputs().forEach(input::add);
    root.put("encoding_format", "float");
    request.dimensions().ifPresent(dimensions -> root.put("dimensions", dimensions));
    return root;
  }

  static EmbeddingResponse parse(String upstream, JsonNode root, int inputs) {
    requireNonNull(root, "root");
    JsonNode data = root.path("data");
    if (!data.isArray() || data.size() != inputs) {
      throw UpstreamErrors.malformed(
          upstream, data.size() + " embeddings for " + inputs + " inputs", null);
    }
    List<float[]> vectors = new ArrayList<>(Collections.nCopies(inputs, (float[]) null));
    for (int i = 0; i < inputs; i++) {
      JsonNode item = data.get(i);
      int index = item.path("index").asInt(i);
      if (index < 0 || index >= inputs || vectors.get(index) != null) {
        throw UpstreamErrors.malformed(upstream, "embeddings with a wrong or repeated index", null);
      }
      vectors.set(index, vector(upstream, item.path("embedding")));
    }
    JsonNode promptTokens = root.path("usage").path("prompt_tokens");
    Optional<Long> tokens =
        promptTokens.isNumber() ? Optional.of(promptTokens.asLong()) : Optional.empty();
    return new EmbeddingResponse(vectors, tokens);
  }

  private static float[] vector(String upstream, JsonNode embedding) {
    if (embedding.isTextual()) {
      // Base64 of little-endian float32, which servers send when asked (or by habit).
      ByteBuffer bytes;
      try {
        bytes = ByteBuffer.wrap(Base64.getDecoder().decode(embedding.asText()));
      } catch (IllegalArgumentException notBase64) {
        throw UpstreamErrors.malformed(upstream, "an embedding that is not base64", notBase64);
      }
      bytes.order(ByteOrder.LITTLE_ENDIAN);
      float[] vector = new float[bytes.remaining() / Float.BYTES];
      bytes.asFloatBuffer().get(vector);
      return vector;
    }
    if (!embedding.isArray() || embedding.isEmpty()) {
      throw UpstreamErrors.malformed(upstream, "an embedding that is not a list of numbers", null);
    }
    float[] vector = new float[embedding.size()];
    for (int i = 0; i < vector.length; i++) {
      vector[i] = (float) embedding.get(i).asDouble();
    }
    return vector;
  }
}
