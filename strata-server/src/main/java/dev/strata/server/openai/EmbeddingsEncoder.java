package dev.strata.server.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.strata.core.model.EmbeddingResponse;
import dev.strata.server.http.Json;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;

/** Encodes vectors as an OpenAI embeddings list, as float arrays or base64 little-endian floats. */
final class EmbeddingsEncoder {
  private EmbeddingsEncoder() {}

  static Buffer encode(String model, EmbeddingResponse answer, long promptTokens, boolean base64) {
    List<float[]> vectors = answer.vectors();
    int sizeHint = 128 + vectors.stream().mapToInt(v -> v.length * (base64 ? 6 : 12)).sum();
    return Json.write(
        sizeHint,
        json -> {
          json.writeStartObject();
          json.writeStringField("object", "list");
          json.writeArrayFieldStart("data");
          for (int i = 0; i < vectors.size(); i++) {
            json.writeStartObject();
            json.writeStringField("object", "embedding");
            json.writeNumberField("index", i);
            json.writeFieldName("embedding");
            if (base64) {
              json.writeString(base64(vectors.get(i)));
            } else {
              writeFloats(json, vectors.get(i));
            }
            json.writeEndObject();
          }
          json.writeEndArray();
          json.writeStringField("model", model);
          json.writeObjectFieldStart("usage");
          json.writeNumberField("prompt_tokens", promptTokens);
          json.writeNumberField("total_tokens", promptTokens);
          json.writeEndObject();
          json.writeEndObject();
        });
  }

  private static void writeFloats(JsonGenerator json, float[] vector) throws IOException {
    json.writeStartArray();
    for (float value : vector) {
      json.writeNumber(value);
    }
    json.writeEndArray();
  }

  static String base64(float[] vector) {
    ByteBuffer bytes =
        ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(vector);
    return Base64.getEncoder().encodeToString(bytes.array());
  }
}
