package dev.strata.bench.mock.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.junit.jupiter.api.Timeout;

/** The mock speaks Anthropic's Messages wire format, checked with a plain HTTP client. */
@Timeout(30)
class MockAnthropicUpstreamTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String BODY =
      "{\"model\":\"claude-x\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

  private static MockAnthropicUpstream upstream;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    upstream = MockAnthropicUpstream.start();
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
  void message_reportsUsageWithCacheCreationByTtl() throws Exception {
    upstream.update(s -> s.withUsage(new AnthropicMockUsage(3, 4, 5, 6, 7)));
    HttpResponse<String> response = post(BODY + "}", true);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode message = MAPPER.readTree(response.body());
    assertThat(message.at("/content/0/text").asText())
        .isEqualTo(AnthropicMockSettings.DEFAULTS.responseText());
    assertThat(message.get("usage"))
        .isEqualTo(
            MAPPER.readTree(
                "{\"input_tokens\":3,\"cache_creation_input_tokens\":13,"
                    + "\"cache_read_input_tokens\":5,\"cache_creation\":{"
                    + "\"ephemeral_5m_input_tokens\":6,\"ephemeral_1h_input_tokens\":7},"
                    + "\"output_tokens\":4}"));
  }

  @Test
  void stream_sendsAnthropicsEventSequence() throws Exception {
    upstream.update(s -> s.withStreamChunks(2));
    HttpResponse<String> response = post(BODY + ",\"stream\":true}", true);

    assertThat(response.headers().firstValue("content-type")).contains("text/event-stream");
    List<String> names =
        response.body().lines().filter(line -> line.startsWith("event: ")).toList();
    assertThat(names)
        .containsExactly(
            "event: message_start",
            "event: content_block_start",
            "event: ping",
            "event: content_block_delta",
            "event: content_block_delta",
            "event: content_block_stop",
            "event: message_delta",
            "event: message_stop");
  }

  @Test
  void missingVersionHeader_isAnInvalidRequestError() throws Exception {
    HttpResponse<String> response = post(BODY + "}", false);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(MAPPER.readTree(response.body()).at("/error/type").asText())
        .isEqualTo("invalid_request_error");
  }

  @Test
  void failNext_sendsTheErrorTypeAndRetryAfter_once() throws Exception {
    upstream.failNext(529, 2, "overloaded_error", "Overloaded");

    HttpResponse<String> failed = post(BODY + "}", true);
    assertThat(failed.statusCode()).isEqualTo(529);
    assertThat(failed.headers().firstValue("retry-after")).contains("2");
    assertThat(MAPPER.readTree(failed.body()).at("/error/type").asText())
        .isEqualTo("overloaded_error");
    assertThat(post(BODY + "}", true).statusCode()).isEqualTo(200);
    assertThat(upstream.requestCount()).isEqualTo(2);
  }

  private HttpResponse<String> post(String body, boolean withVersion) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(upstream.baseUrl() + "/v1/messages"))
            .timeout(Duration.ofSeconds(10))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (withVersion) {
      request.header("anthropic-version", "2023-06-01");
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void promptCaching_reportsReadsOfAPrefixWrittenByAnEarlierRequest() throws Exception {
    upstream.withPromptCaching(true);
    String body =
        "{\"model\":\"claude-sonnet-4\",\"max_tokens\":10,\"system\":[{\"type\":\"text\","
            + "\"text\":\"" + "s".repeat(8_000) + "\",\"cache_control\":{\"type\":\"ephemeral\"}}],"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"" + "u".repeat(400) + "\"}]}";
    try {
      JsonNode first = MAPPER.readTree(post(body, true).body()).get("usage");
      JsonNode second = MAPPER.readTree(post(body, true).body()).get("usage");

      assertThat(first.get("cache_creation_input_tokens").asLong()).isEqualTo(2_000);
      assertThat(first.at("/cache_creation/ephemeral_5m_input_tokens").asLong()).isEqualTo(2_000);
      assertThat(first.get("input_tokens").asLong()).isEqualTo(100);
      assertThat(second.get("cache_read_input_tokens").asLong()).isEqualTo(2_000);
      assertThat(second.get("cache_creation_input_tokens").asLong()).isZero();
      assertThat(second.get("input_tokens").asLong()).isEqualTo(100);
    } finally {
      upstream.withPromptCaching(false);
    }
  }
}
