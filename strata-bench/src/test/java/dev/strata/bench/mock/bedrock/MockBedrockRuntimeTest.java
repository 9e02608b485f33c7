package dev.strata.bench.mock.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.eventstream.EventStreamDecoder;
import dev.strata.core.eventstream.EventStreamMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MockBedrockRuntimeTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String BODY =
      "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hi\"}]}]}";

  private static MockBedrockRuntime upstream;
  private static HttpClient http;

  @BeforeAll
  static void start() {
    upstream =
        MockBedrockRuntime.start(
            BedrockMockSettings.DEFAULTS.withText("abcdefgh").withChunkSize(3));
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterAll
  static void stop() {
    http.close();
    upstream.close();
  }

  @BeforeEach
  void reset() {
    upstream.reset();
  }

  private static HttpResponse<byte[]> post(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(upstream.baseUrl() + path))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/x")
            .POST(HttpRequest.BodyPublishers.ofString(BODY))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void converse_answersJsonWithCacheUsageAndRecordsTheRequest() throws Exception {
    upstream.update(s -> s.withUsage(1, 2, 3, 4));

    HttpResponse<byte[]> response = post("/model/m1/converse");

    JsonNode json = MAPPER.readTree(response.body());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json.at("/output/message/content/0/text").asText()).isEqualTo("abcdefgh");
    assertThat(json.at("/usage/cacheReadInputTokens").asLong()).isEqualTo(3);
    assertThat(json.at("/usage/cacheWriteInputTokens").asLong()).isEqualTo(4);
    assertThat(upstream.lastRequest().header("authorization"))
        .contains("AWS4-HMAC-SHA256 Credential=AKID/x");
    assertThat(upstream.lastRequest().body().at("/messages/0/role").asText()).isEqualTo("user");
  }

  @Test
  void converseStream_sendsEventStreamMessagesInConverseOrder() throws Exception {
    HttpResponse<byte[]> response = post("/model/m1/converse-stream");

    assertThat(response.headers().firstValue("content-type"))
        .contains("application/vnd.amazon.eventstream");
    List<EventStreamMessage> messages = new EventStreamDecoder().feed(response.body());
    assertThat(messages)
        .extracting(m -> m.text(":event-type").orElseThrow())
        .containsExactly(
            "messageStart",
            "contentBlockDelta",
            "contentBlockDelta",
            "contentBlockDelta",
            "contentBlockStop",
            "messageStop",
            "metadata");
    assertThat(MAPPER.readTree(messages.get(1).payloadText()).at("/delta/text").asText())
        .isEqualTo("abc");
  }

  @Test
  void failNext_answersWithErrorTypeHeaderOnce() throws Exception {
    upstream.failNext(429, "ThrottlingException", "slow down");

    HttpResponse<byte[]> failed = post("/model/m1/converse");
    HttpResponse<byte[]> next = post("/model/m1/converse");

    assertThat(failed.statusCode()).isEqualTo(429);
    assertThat(failed.headers().firstValue("x-amzn-ErrorType")).contains("ThrottlingException");
    assertThat(MAPPER.readTree(failed.body()).path("message").asText()).isEqualTo("slow down");
    assertThat(next.statusCode()).isEqualTo(200);
    assertThat(upstream.requestCount()).isEqualTo(2);
  }
}
