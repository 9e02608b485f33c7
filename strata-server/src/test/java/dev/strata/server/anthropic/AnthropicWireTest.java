package dev.strata.server.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.Usage;
import dev.strata.core.testing.ScriptedReply;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code /v1/messages} over raw HTTP: Anthropic's error objects and statuses, and SSE framing. */
class AnthropicWireTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final String HELLO =
      "{\"model\":\"claude-sonnet-4\",\"max_tokens\":64,"
          + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  private static AnthropicTestServer server;

  @BeforeAll
  static void start() {
    server = new AnthropicTestServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void missingMaxTokens_is400InAnthropicShape() throws Exception {
    HttpResponse<String> response =
        post(
            "/v1/messages",
            "{\"model\":\"claude-sonnet-4\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

    JsonNode error = anthropicError(response, 400, "invalid_request_error");
    assertThat(error.get("error").get("message").asText()).isEqualTo("max_tokens: Field required");
    String requestId = response.headers().firstValue("request-id").orElseThrow();
    assertThat(requestId).startsWith("req_");
    assertThat(error.get("request_id").asText()).isEqualTo(requestId);
  }

  @Test
  void fieldsTheCanonicalModelCannotCarry_areRefusedByName() throws Exception {
    assertThat(message(post("/v1/messages", withField("\"top_k\":5")), 400)).startsWith("top_k:");
    assertThat(message(post("/v1/messages", withField("\"thinking\":{\"type\":\"enabled\"}")), 400))
        .startsWith("thinking:");
    assertThat(message(post("/v1/messages", withField("\"surprise\":1")), 400))
        .isEqualTo("surprise: Extra inputs are not permitted");
    String serverTool =
        withField("\"tools\":[{\"type\":\"web_search_20250305\",\"name\":\"web_search\"}]");
    assertThat(message(post("/v1/messages", serverTool), 400)).startsWith("tools.0.");
  }

  @Test
  void malformedJsonAndWrongTypes_are400() throws Exception {
    anthropicError(post("/v1/messages", "{\"model\": "), 400, "invalid_request_error");
    assertThat(message(post("/v1/messages", "[1,2]"), 400)).contains("JSON object");
    String wrongType =
        "{\"model\":\"claude-sonnet-4\",\"max_tokens\":\"ten\","
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    assertThat(message(post("/v1/messages", wrongType), 400))
        .isEqualTo("max_tokens: Input should be a valid integer, not a string");
    String badRole =
        "{\"model\":\"claude-sonnet-4\",\"max_tokens\":5,"
            + "\"messages\":[{\"role\":\"robot\",\"content\":\"hi\"}]}";
    assertThat(message(post("/v1/messages", badRole), 400)).startsWith("messages.0.role:");
  }

  @Test
  void wrongContentType_is415_andOversizedBody_is413() throws Exception {
    HttpResponse<String> text =
        send(
            request("/v1/messages")
                .header("content-type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(HELLO))
                .build());
    anthropicError(text, 415, "invalid_request_error");

    String huge =
        "{\"model\":\"claude-sonnet-4\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\","
            + "\"content\":\""
            + "x".repeat((int) AnthropicTestServer.MAX_BODY_BYTES)
            + "\"}]}";
    anthropicError(post("/v1/messages", huge), 413, "request_too_large");
  }

  @Test
  void unknownModel_is404_andBadKey_is401() throws Exception {
    anthropicError(
        post("/v1/messages", HELLO.replace("claude-sonnet-4", "claude-nope")),
        404,
        "not_found_error");
    HttpResponse<String> stranger =
        send(
            request("/v1/messages")
                .header("content-type", "application/json")
                .header("x-api-key", "not-a-strata-key")
                .POST(HttpRequest.BodyPublishers.ofString(HELLO))
                .build());
    anthropicError(stranger, 401, "authentication_error");
  }

  @Test
  void xApiKeyHeader_authenticates() throws Exception {
    server.upstream.reply(ScriptedReply.text("hi there", Usage.of(4, 2)));

    HttpResponse<String> response =
        send(
            request("/v1/messages")
                .header("content-type", "application/json")
                .header("x-api-key", server.apiKey)
                .header("anthropic-version", "2023-06-01")
                .POST(HttpRequest.BodyPublishers.ofString(HELLO))
                .build());

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("type").asText()).isEqualTo("message");
    assertThat(body.get("stop_sequence").isNull()).isTrue();
    assertThat(body.get("content").get(0).get("text").asText()).isEqualTo("hi there");
    assertThat(response.headers().firstValue("x-strata-cost-usd"))
        .contains(server.cost(Usage.of(4, 2)).toUsdString());
  }

  @Test
  void unknownPathsAndMethods_answerInAnthropicShape() throws Exception {
    anthropicError(post("/v1/messages/nope", HELLO), 404, "not_found_error");
    HttpResponse<String> get = send(request("/v1/messages").GET().build());
    anthropicError(get, 405, "invalid_request_error");
  }

  @ParameterizedTest
  @CsvSource({
    "UNAVAILABLE, 529, overloaded_error",
    "RATE_LIMITED, 429, rate_limit_error",
    "UPSTREAM_ERROR, 502, api_error",
    "UPSTREAM_TIMEOUT, 504, timeout_error",
    "PERMISSION_DENIED, 403, permission_error"
  })
  void upstreamFailures_mapToAnthropicStatusAndType(ErrorKind kind, int status, String type)
      throws Exception {
    server.upstream.script(
        (call, sink) -> {
          throw StrataException.builder(kind, "upstream says no: api_key=sk-secret123456")
              .retryAfter(Duration.ofSeconds(7))
              .build();
        });

    HttpResponse<String> response = post("/v1/messages", HELLO);

    JsonNode error = anthropicError(response, status, type);
    assertThat(error.toString()).doesNotContain("sk-secret123456");
    if (kind == ErrorKind.RATE_LIMITED) {
      assertThat(response.headers().firstValue("retry-after")).contains("7");
    }
  }

  @Test
  void stream_isAnthropicSseWithExactCostInMessageDelta() throws Exception {
    Usage usage = new Usage(10, 3, 100, 20, 0);
    server.upstream.reply(ScriptedReply.text("one two", usage));

    HttpResponse<String> response =
        post("/v1/messages", HELLO.replaceFirst("\\{", "{\"stream\":true,"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type").orElseThrow())
        .startsWith("text/event-stream");
    List<Event> events = events(response.body());
    assertThat(events)
        .extracting(Event::name)
        .containsExactly(
            "message_start",
            "content_block_start",
            "ping",
            "content_block_delta",
            "content_block_delta",
            "content_block_stop",
            "message_delta",
            "message_stop");
    for (Event event : events) {
      assertThat(event.data().get("type").asText()).isEqualTo(event.name());
    }
    JsonNode start = events.get(0).data().get("message");
    assertThat(start.get("content").isEmpty()).isTrue();
    assertThat(start.get("usage").get("input_tokens").asLong()).isPositive();
    assertThat(events.get(3).data().get("delta").get("text").asText()).isEqualTo("one");
    JsonNode delta = events.get(6).data();
    assertThat(delta.get("delta").get("stop_reason").asText()).isEqualTo("end_turn");
    assertThat(delta.get("usage").get("output_tokens").asLong()).isEqualTo(3);
    assertThat(delta.get("usage").get("cache_read_input_tokens").asLong()).isEqualTo(100);
    assertThat(delta.get("strata").get("cost_usd").asText())
        .isEqualTo(server.cost(usage).toUsdString());
  }

  @Test
  void errorAfterStreamStarted_isAnErrorEvent() throws Exception {
    server.upstream.reply(ScriptedReply.brokenAfter("partial answer", ErrorKind.UNAVAILABLE));

    HttpResponse<String> response =
        post("/v1/messages", HELLO.replaceFirst("\\{", "{\"stream\":true,"));

    assertThat(response.statusCode()).isEqualTo(200);
    List<Event> events = events(response.body());
    Event last = events.getLast();
    assertThat(last.name()).isEqualTo("error");
    assertThat(last.data().get("type").asText()).isEqualTo("error");
    assertThat(last.data().get("error").get("type").asText()).isEqualTo("overloaded_error");
    assertThat(events).extracting(Event::name).doesNotContain("message_stop");
  }

  @Test
  void countTokens_isEstimatedAndSaysSo() throws Exception {
    HttpResponse<String> response =
        post(
            "/v1/messages/count_tokens",
            "{\"model\":\"claude-sonnet-4\",\"messages\":[{\"role\":\"user\",\"content\":\"hello"
                + " world\"}]}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).get("input_tokens").asLong()).isPositive();
    assertThat(response.headers().firstValue("x-strata-usage-source")).contains("estimated");
  }

  private record Event(String name, JsonNode data) {}

  private static List<Event> events(String body) throws IOException {
    List<Event> events = new ArrayList<>();
    for (String frame : body.split("\n\n")) {
      if (frame.isBlank()) {
        continue;
      }
      String[] lines = frame.split("\n");
      assertThat(lines).hasSize(2);
      assertThat(lines[0]).startsWith("event: ");
      assertThat(lines[1]).startsWith("data: ");
      events.add(
          new Event(
              lines[0].substring("event: ".length()),
              JSON.readTree(lines[1].substring("data: ".length()))));
    }
    return events;
  }

  private static String withField(String field) {
    return HELLO.replace("{\"model\"", "{" + field + ",\"model\"");
  }

  private static String message(HttpResponse<String> response, int status) throws IOException {
    return anthropicError(response, status, null).get("error").get("message").asText();
  }

  private static JsonNode anthropicError(HttpResponse<String> response, int status, String type)
      throws IOException {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("type").asText()).isEqualTo("error");
    assertThat(body.get("error").get("message").asText()).isNotBlank();
    if (type != null) {
      assertThat(body.get("error").get("type").asText()).isEqualTo(type);
    }
    return body;
  }

  private static HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
        .timeout(Duration.ofSeconds(20))
        .header("authorization", "Bearer " + server.apiKey);
  }

  private static HttpResponse<String> post(String path, String body)
      throws IOException, InterruptedException {
    return send(
        request(path)
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  private static HttpResponse<String> send(HttpRequest request)
      throws IOException, InterruptedException {
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
