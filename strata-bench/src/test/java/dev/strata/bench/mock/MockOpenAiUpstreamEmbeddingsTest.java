package dev.strata.bench.mock;

import static dev.strata.bench.mock.MockClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class MockOpenAiUpstreamEmbeddingsTest {

  static MockOpenAiUpstream upstream;
  static MockClient client;

  @BeforeAll
  static void start() {
    upstream = MockOpenAiUpstream.start(MockSettings.DEFAULTS.withModels("gpt-4o-mini", "e-small"));
    client = new MockClient(upstream.baseUrl());
  }

  @AfterAll
  static void stop() {
    upstream.close();
  }

  @Test
  void embeddings_areDeterministicUnitVectors_forStringInput() {
    String request = "{\"model\":\"e-small\",\"input\":\"hello embedding world\"}";

    JsonNode first = json(client.post("/embeddings", request).body());
    JsonNode second = json(client.post("/embeddings", request).body());

    assertThat(first.path("object").asText()).isEqualTo("list");
    assertThat(first.path("model").asText()).isEqualTo("e-small");
    JsonNode item = first.path("data").path(0);
    assertThat(item.path("object").asText()).isEqualTo("embedding");
    assertThat(item.path("index").asInt()).isZero();
    assertThat(item.path("embedding")).hasSize(EmbeddingsJson.DEFAULT_DIMENSIONS);
    double norm = 0;
    for (JsonNode value : item.path("embedding")) {
      norm += value.asDouble() * value.asDouble();
    }
    assertThat(norm).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
    assertThat(second.path("data")).isEqualTo(first.path("data"));
    assertThat(first.path("usage").path("prompt_tokens").asLong()).isEqualTo(3);
    assertThat(first.path("usage").path("total_tokens").asLong()).isEqualTo(3);
  }

  @Test
  void embeddings_answerEachItem_forArrayInput() {
    JsonNode body =
        json(
            client
                .post("/embeddings", "{\"model\":\"e-small\",\"input\":[\"a b\",\"c\",\"a b\"]}")
                .body());

    JsonNode data = body.path("data");
    assertThat(data).hasSize(3);
    assertThat(data.path(2).path("index").asInt()).isEqualTo(2);
    assertThat(data.path(0).path("embedding")).isEqualTo(data.path(2).path("embedding"));
    assertThat(data.path(0).path("embedding")).isNotEqualTo(data.path(1).path("embedding"));
    assertThat(body.path("usage").path("prompt_tokens").asLong()).isEqualTo(5);
  }

  @Test
  void embeddings_areLittleEndianFloats_whenBase64Asked() {
    String request = "{\"model\":\"e-small\",\"input\":\"x\",\"encoding_format\":\"base64\"}";
    JsonNode floats =
        json(client.post("/embeddings", "{\"model\":\"e-small\",\"input\":\"x\"}").body())
            .path("data")
            .path(0)
            .path("embedding");

    String encoded =
        json(client.post("/embeddings", request).body())
            .path("data")
            .path(0)
            .path("embedding")
            .asText();

    ByteBuffer bytes =
        ByteBuffer.wrap(Base64.getDecoder().decode(encoded)).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(bytes.remaining()).isEqualTo(EmbeddingsJson.DEFAULT_DIMENSIONS * Float.BYTES);
    for (JsonNode value : floats) {
      assertThat(bytes.getFloat()).isEqualTo(value.floatValue());
    }
  }

  @Test
  void models_listsConfiguredIds() {
    JsonNode body = json(client.get("/models").body());

    assertThat(body.path("object").asText()).isEqualTo("list");
    assertThat(body.path("data").findValuesAsText("id")).containsExactly("gpt-4o-mini", "e-small");
    assertThat(body.path("data").path(0).path("object").asText()).isEqualTo("model");
  }
}
