package dev.strata.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.model.Usage;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The embeddings response on the wire: float arrays, base64 little-endian floats, cost headers. */
class EmbeddingsWireTest {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = new TestServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void floatVectorsAndExactCostHeaders() throws Exception {
    HttpResponse<String> response =
        Http.postJson(
            server,
            "/v1/embeddings",
            server.apiKey,
            "{\"model\":\"text-embedding-3-small\",\"input\":\"hello\"}");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = Http.json(response);
    assertThat(body.get("object").asText()).isEqualTo("list");
    JsonNode first = body.get("data").get(0);
    assertThat(first.get("object").asText()).isEqualTo("embedding");
    float[] expected = FakeProvider.vector(0, 4);
    for (int d = 0; d < expected.length; d++) {
      assertThat(first.get("embedding").get(d).floatValue()).isEqualTo(expected[d]);
    }
    assertThat(body.at("/usage/prompt_tokens").asLong()).isEqualTo(7);
    assertThat(body.at("/usage/total_tokens").asLong()).isEqualTo(7);
    assertThat(response.headers().firstValue("x-strata-cost-usd"))
        .contains(server.cost("text-embedding-3-small", Usage.of(7, 0)).toUsdString())
        .contains("0.00000014"); // 7 tokens at $0.02 per million
    assertThat(response.headers().firstValue("x-strata-usage-source")).contains("provider");
  }

  @Test
  void base64VectorsAreLittleEndianFloat32() throws Exception {
    HttpResponse<String> response =
        Http.postJson(
            server,
            "/v1/embeddings",
            server.apiKey,
            "{\"model\":\"text-embedding-3-small\",\"input\":[\"a\",\"b\"],\"encoding_format\":\"base64\"}");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode data = Http.json(response).get("data");
    for (int i = 0; i < 2; i++) {
      ByteBuffer bytes =
          ByteBuffer.wrap(Base64.getDecoder().decode(data.get(i).get("embedding").asText()))
              .order(ByteOrder.LITTLE_ENDIAN);
      float[] decoded = new float[bytes.remaining() / Float.BYTES];
      bytes.asFloatBuffer().get(decoded);
      assertThat(decoded).containsExactly(FakeProvider.vector(i, 4));
    }
  }

  @Test
  void unknownEncodingIsRefused() throws Exception {
    HttpResponse<String> response =
        Http.postJson(
            server,
            "/v1/embeddings",
            server.apiKey,
            "{\"model\":\"text-embedding-3-small\",\"input\":\"a\",\"encoding_format\":\"int8\"}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(Http.error(response).get("param").asText()).isEqualTo("encoding_format");
  }
}
