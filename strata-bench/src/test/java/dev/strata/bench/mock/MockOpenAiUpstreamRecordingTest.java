package dev.strata.bench.mock;

import static dev.strata.bench.mock.MockClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class MockOpenAiUpstreamRecordingTest {

  static MockOpenAiUpstream upstream;
  static MockClient client;

  @BeforeAll
  static void start() {
    upstream = MockOpenAiUpstream.start();
    client = new MockClient(upstream.baseUrl());
  }

  @AfterAll
  static void stop() {
    upstream.close();
  }

  @BeforeEach
  void reset() {
    upstream.reset();
  }

  @Test
  void records_headersAndBodyOfEachRequest() {
    String request =
        MockOpenAiUpstreamChatTest.CHAT.replace("\"model\"", "\"max_tokens\":42,\"model\"");

    client.post("/chat/completions", request);

    RecordedRequest recorded = upstream.lastRequest();
    assertThat(upstream.requestCount()).isEqualTo(1);
    assertThat(recorded.method()).isEqualTo("POST");
    assertThat(recorded.path()).isEqualTo("/v1/chat/completions");
    assertThat(recorded.header("Authorization")).contains("Bearer sk-test");
    assertThat(recorded.header("AUTHORIZATION")).contains("Bearer sk-test");
    assertThat(recorded.body().path("max_tokens").asInt()).isEqualTo(42);
    assertThat(recorded.body().path("model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(json(recorded.rawBody())).isEqualTo(recorded.body());
  }

  @Test
  void records_requestsThatFailedOrHung() {
    upstream.failNext(429, null, "slow down");

    client.post("/chat/completions", MockOpenAiUpstreamChatTest.CHAT);
    client.get("/models");

    assertThat(upstream.requestCount()).isEqualTo(2);
    assertThat(upstream.recordedRequests())
        .extracting(RecordedRequest::path)
        .containsExactly("/v1/chat/completions", "/v1/models");
  }

  @Test
  void recording_keepsOnlyTheLatestRequests() {
    int sent = MockOpenAiUpstream.RECORDED_REQUESTS + 5;
    for (int i = 0; i < sent; i++) {
      client.post("/embeddings", "{\"model\":\"e\",\"input\":\"request " + i + "\"}");
    }

    List<RecordedRequest> recorded = upstream.recordedRequests();

    assertThat(upstream.requestCount()).isEqualTo(sent);
    assertThat(recorded).hasSize(MockOpenAiUpstream.RECORDED_REQUESTS);
    assertThat(recorded.get(0).body().path("input").asText()).isEqualTo("request 5");
    assertThat(upstream.lastRequest().body().path("input").asText())
        .isEqualTo("request " + (sent - 1));
  }

  @Test
  void reset_restoresSettingsAndForgetsRequests() {
    upstream.update(s -> s.withLatency(Duration.ofMillis(1)).withResponseText("changed"));
    upstream.hangNext();
    client.get("/models");

    upstream.reset();

    assertThat(upstream.settings()).isEqualTo(MockSettings.DEFAULTS);
    assertThat(upstream.requestCount()).isZero();
    assertThatThrownBy(upstream::lastRequest).isInstanceOf(IllegalStateException.class);
    assertThat(client.post("/chat/completions", MockOpenAiUpstreamChatTest.CHAT).statusCode())
        .isEqualTo(200);
  }
}
