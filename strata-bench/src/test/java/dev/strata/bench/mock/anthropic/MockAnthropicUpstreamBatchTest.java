package dev.strata.bench.mock.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The mock's Message Batches API, checked with a plain HTTP client. */
@Timeout(30)
class MockAnthropicUpstreamBatchTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String PARAMS =
      "{\"model\":\"claude-x\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  private static MockAnthropicUpstream upstream;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    upstream = MockAnthropicUpstream.start(AnthropicMockSettings.DEFAULTS.withNativeBatch(true));
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
  void batch_runsEveryRequestLikeAMessagesCall_andEndsWithItsResults() {
    upstream.update(s -> s.withUsage(new AnthropicMockUsage(3, 4, 5, 6, 7)));
    JsonNode created = send("POST", "/v1/messages/batches", requests("a", "b"), 200);
    assertThat(created.path("type").asText()).isEqualTo("message_batch");
    assertThat(created.path("processing_status").asText()).isEqualTo("in_progress");
    assertThat(created.at("/request_counts/processing").asInt()).isEqualTo(2);

    JsonNode batch = send("GET", "/v1/messages/batches/" + created.path("id").asText(), null, 200);

    assertThat(batch.path("processing_status").asText()).isEqualTo("ended");
    assertThat(batch.at("/request_counts/succeeded").asInt()).isEqualTo(2);
    Map<String, JsonNode> results = results(batch.path("results_url").asText());
    assertThat(results.keySet()).containsExactlyInAnyOrder("a", "b");
    JsonNode message = results.get("a").at("/result/message");
    assertThat(results.get("a").at("/result/type").asText()).isEqualTo("succeeded");
    assertThat(message.at("/content/0/text").asText())
        .isEqualTo(AnthropicMockSettings.DEFAULTS.responseText());
    assertThat(message.at("/usage/cache_read_input_tokens").asInt()).isEqualTo(5);
    assertThat(upstream.requestCount("POST", "/v1/messages")).isZero();
    assertThat(upstream.batchRequestsRun()).isEqualTo(2);
  }

  @Test
  void failedRequest_isErrored_withItsErrorType() {
    upstream.failBatchRequest("b", "overloaded_error", "Overloaded");
    String id = send("POST", "/v1/messages/batches", requests("a", "b"), 200).path("id").asText();

    JsonNode batch = send("GET", "/v1/messages/batches/" + id, null, 200);

    assertThat(batch.at("/request_counts/errored").asInt()).isEqualTo(1);
    JsonNode errored = results(batch.path("results_url").asText()).get("b").path("result");
    assertThat(errored.path("type").asText()).isEqualTo("errored");
    assertThat(errored.at("/error/error/type").asText()).isEqualTo("overloaded_error");
  }

  @Test
  void delayedBatch_isCanceled_withoutRunningAnyRequest() {
    upstream.update(s -> s.withBatchDelay(Duration.ofHours(1)));
    String id = send("POST", "/v1/messages/batches", requests("a", "b"), 200).path("id").asText();
    assertThat(
            send("GET", "/v1/messages/batches/" + id, null, 200).path("processing_status").asText())
        .isEqualTo("in_progress");
    send("GET", "/v1/messages/batches/" + id + "/results", null, 404);

    JsonNode canceling = send("POST", "/v1/messages/batches/" + id + "/cancel", null, 200);
    JsonNode ended = send("GET", "/v1/messages/batches/" + id, null, 200);

    assertThat(canceling.path("processing_status").asText()).isEqualTo("canceling");
    assertThat(ended.at("/request_counts/canceled").asInt()).isEqualTo(2);
    assertThat(results(ended.path("results_url").asText()).values())
        .allSatisfy(line -> assertThat(line.at("/result/type").asText()).isEqualTo("canceled"));
    assertThat(upstream.batchRequestsRun()).isZero();
  }

  @Test
  void expiringBatch_runsSomeRequests_andExpiresTheRest() {
    upstream.expireNextBatch(1);
    String id = send("POST", "/v1/messages/batches", requests("a", "b"), 200).path("id").asText();

    JsonNode batch = send("GET", "/v1/messages/batches/" + id, null, 200);

    assertThat(batch.at("/request_counts/succeeded").asInt()).isEqualTo(1);
    assertThat(batch.at("/request_counts/expired").asInt()).isEqualTo(1);
    assertThat(results(batch.path("results_url").asText()).get("b").at("/result/type").asText())
        .isEqualTo("expired");
  }

  @Test
  void invalidCustomId_isRefusedAtCreation() {
    JsonNode error = send("POST", "/v1/messages/batches", requests("has space"), 400);
    assertThat(error.at("/error/type").asText()).isEqualTo("invalid_request_error");
    assertThat(error.at("/error/message").asText()).contains("custom_id");
  }

  @Test
  void withoutNativeBatch_batchesAre404() {
    upstream.update(s -> s.withNativeBatch(false));
    send("POST", "/v1/messages/batches", requests("a"), 404);
  }

  private static String requests(String... customIds) {
    StringBuilder body = new StringBuilder("{\"requests\":[");
    for (int i = 0; i < customIds.length; i++) {
      body.append(i == 0 ? "" : ",")
          .append("{\"custom_id\":\"")
          .append(customIds[i])
          .append("\",\"params\":")
          .append(PARAMS)
          .append('}');
    }
    return body.append("]}").toString();
  }

  private Map<String, JsonNode> results(String url) {
    String body = call(HttpRequest.newBuilder(URI.create(url)).GET(), 200);
    return body.lines()
        .filter(line -> !line.isBlank())
        .map(MockAnthropicUpstreamBatchTest::json)
        .collect(Collectors.toMap(line -> line.path("custom_id").asText(), Function.identity()));
  }

  private JsonNode send(String method, String path, String body, int status) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(upstream.baseUrl() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .header("content-type", "application/json");
    return json(call(request, status));
  }

  private String call(HttpRequest.Builder request, int status) {
    try {
      HttpResponse<String> response =
          client.send(
              request
                  .header("x-api-key", "sk-ant-test")
                  .header("anthropic-version", "2023-06-01")
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
