package dev.strata.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.model.Usage;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * HTTP/1.1 and cleartext HTTP/2 with prior knowledge on the same port: some official AWS SDKs
 * talk to the Bedrock runtime over HTTP/2 only, even against a plain-http endpoint.
 */
@Timeout(60)
class Http2CleartextTest {
  private static final MediaType JSON = MediaType.get("application/json");

  private final TestServer server = new TestServer();
  private final OkHttpClient h2 =
      new OkHttpClient.Builder().protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE)).build();
  private final OkHttpClient h1 =
      new OkHttpClient.Builder().protocols(List.of(Protocol.HTTP_1_1)).build();

  @AfterEach
  void stop() {
    server.close();
    h2.dispatcher().executorService().shutdown();
    h1.dispatcher().executorService().shutdown();
  }

  @Test
  void chatCompletion_overHttp2PriorKnowledge_isServedAndCosted() throws Exception {
    server.provider.script(FakeProvider.text("over h2", new Usage(10, 2, 0, 0, 0)));

    try (Response response = h2.newCall(chat("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).execute()) {
      assertThat(response.protocol()).isEqualTo(Protocol.H2_PRIOR_KNOWLEDGE);
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.body().string()).contains("over h2");
      assertThat(response.header("x-strata-cost-usd")).isNotBlank();
    }
  }

  @Test
  void sameServer_stillSpeaksHttp11() throws Exception {
    try (Response response =
        h1.newCall(new Request.Builder().url("http://127.0.0.1:" + server.port() + "/health").build()).execute()) {
      assertThat(response.protocol()).isEqualTo(Protocol.HTTP_1_1);
      assertThat(response.code()).isEqualTo(200);
    }
  }

  @Test
  void oversizedBody_overHttp2_is413WithoutAServerError() throws Exception {
    String huge = "x".repeat((int) TestServer.MAX_BODY_BYTES + 1024);

    try (Response response = h2.newCall(chat("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + huge + "\"}]}")).execute()) {
      assertThat(response.code()).isEqualTo(413);
      assertThat(response.body().string()).contains("invalid_request_error");
    }
  }

  @Test
  void malformedJson_overHttp2_is400() throws Exception {
    try (Response response = h2.newCall(chat("{\"model\":")).execute()) {
      assertThat(response.code()).isEqualTo(400);
    }
  }

  private Request chat(String json) {
    return new Request.Builder()
        .url("http://127.0.0.1:" + server.port() + "/v1/chat/completions")
        .header("Authorization", "Bearer " + server.apiKey)
        .post(RequestBody.create(json, JSON))
        .build();
  }
}
