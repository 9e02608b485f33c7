package dev.strata.server.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.eventstream.EventStreamDecoder;
import dev.strata.core.eventstream.EventStreamMessage;
import dev.strata.core.model.Usage;
import dev.strata.core.testing.ScriptedReply;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Raw HTTP against the Bedrock frontend: error shapes, bad input, and event-stream frames. */
class BedrockWireTest {
  private static final String MODEL = BedrockTestServer.MODEL;
  private static final String HELLO =
      "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hi\"}]}]}";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static BedrockTestServer server;

  @BeforeAll
  static void start() {
    server = new BedrockTestServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void malformedJson_isAValidationExceptionWith400() throws Exception {
    HttpResponse<String> response = post("converse", "{\"messages\": [", server.apiKey);

    assertBedrockError(response, 400, "ValidationException");
    assertThat(message(response)).contains("could not parse the JSON");
  }

  @Test
  void wrongType_namesTheMember() throws Exception {
    HttpResponse<String> response = post("converse", "{\"messages\":\"hi\"}", server.apiKey);

    assertBedrockError(response, 400, "ValidationException");
    assertThat(message(response)).contains("'messages'").contains("an array");
  }

  @Test
  void contentBlockWithTwoMembers_isRefused() throws Exception {
    HttpResponse<String> response =
        post(
            "converse",
            "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"a\",\"cachePoint\":{}}]}]}",
            server.apiKey);

    assertBedrockError(response, 400, "ValidationException");
    assertThat(message(response)).contains("messages.0.content.0");
  }

  @Test
  void additionalModelRequestFields_isRefusedByName() throws Exception {
    HttpResponse<String> response =
        post(
            "converse",
            "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hi\"}]}],"
                + "\"additionalModelRequestFields\":{\"top_k\":5}}",
            server.apiKey);

    assertBedrockError(response, 400, "ValidationException");
    assertThat(message(response)).contains("additionalModelRequestFields");
  }

  @Test
  void missingCredentials_isAccessDeniedWith403() throws Exception {
    HttpResponse<String> response = post("converse", HELLO, null);

    assertBedrockError(response, 403, "AccessDeniedException");
  }

  @Test
  void eventStreamRequestBody_isRefusedWithA4xxInBedrocksShape() throws Exception {
    HttpResponse<String> response =
        send(
            request("converse-stream", server.apiKey)
                .header("Content-Type", "application/vnd.amazon.eventstream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {0, 0, 0, 16, 1, 2, 3}))
                .build());

    assertThat(response.statusCode()).isBetween(400, 499);
    assertThat(response.headers().firstValue("x-amzn-ErrorType")).contains("ValidationException");
  }

  @Test
  void oversizedBody_is413InBedrocksShape() throws Exception {
    String body =
        "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\""
            + "x".repeat(1_100_000)
            + "\"}]}]}";

    HttpResponse<String> response = post("converse", body, server.apiKey);

    assertBedrockError(response, 413, "ValidationException");
  }

  @Test
  void upstreamFailureBeforeTheStream_isAPlainErrorResponse() throws Exception {
    server.provider.reply(MODEL, ScriptedReply.failing(ErrorKind.RATE_LIMITED));

    HttpResponse<String> response = post("converse-stream", HELLO, server.apiKey);

    assertBedrockError(response, 429, "ThrottlingException");
  }

  @Test
  void upstreamError_isModelErrorException424() throws Exception {
    server.provider.reply(MODEL, ScriptedReply.failing(ErrorKind.UPSTREAM_ERROR));

    HttpResponse<String> response = post("converse", HELLO, server.apiKey);

    assertBedrockError(response, 424, "ModelErrorException");
  }

  @Test
  void percentEncodedModelId_isDecoded() throws Exception {
    server.provider.reply(MODEL, ScriptedReply.text("ok", Usage.of(3, 1)));
    String encoded = URLEncoder.encode(MODEL, StandardCharsets.UTF_8);

    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(URI.create(server.uri() + "/model/" + encoded + "/converse"))
                .header("Authorization", "Bearer " + server.apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(HELLO))
                .build());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
    assertThat(response.headers().firstValue("x-strata-cost-usd")).isPresent();
    assertThat(JSON.readTree(response.body()).at("/output/message/content/0/text").asText())
        .isEqualTo("ok");
  }

  @Test
  void converseStream_framesCarryBedrockHeadersAndValidCrcs() throws Exception {
    server.provider.reply(MODEL, ScriptedReply.text("Hello there", Usage.of(4, 2)));

    List<EventStreamMessage> frames = frames(postBytes("converse-stream", HELLO));

    assertThat(frames)
        .allSatisfy(
            frame -> {
              assertThat(frame.text(":message-type")).contains("event");
              assertThat(frame.text(":content-type")).contains("application/json");
            });
    assertThat(frames)
        .extracting(f -> f.text(":event-type").orElseThrow())
        .startsWith("messageStart")
        .contains("contentBlockDelta", "contentBlockStop")
        .endsWith("messageStop", "metadata");
    JsonNode metadata = JSON.readTree(frames.getLast().payload());
    assertThat(metadata.at("/usage/inputTokens").asLong()).isEqualTo(4);
    assertThat(metadata.at("/usage/totalTokens").asLong()).isEqualTo(6);
  }

  @Test
  void streamBrokenAfterItStarted_endsWithAnExceptionFrame() throws Exception {
    server.provider.reply(
        MODEL, ScriptedReply.brokenAfter("partial answer", ErrorKind.UPSTREAM_ERROR));

    HttpResponse<byte[]> response = postBytes("converse-stream", HELLO);
    List<EventStreamMessage> frames = frames(response);

    assertThat(response.statusCode()).isEqualTo(200);
    EventStreamMessage last = frames.getLast();
    assertThat(last.text(":message-type")).contains("exception");
    assertThat(last.text(":exception-type")).contains("modelStreamErrorException");
    assertThat(JSON.readTree(last.payload()).path("message").asText()).isNotBlank();
    assertThat(frames.getFirst().text(":event-type")).contains("messageStart");
  }

  @Test
  void invokeWithResponseStream_wrapsEventsAsBase64Chunks() throws Exception {
    server.provider.reply(MODEL, ScriptedReply.text("Hi", Usage.of(4, 2)));
    String body =
        "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":10,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    List<EventStreamMessage> frames = frames(postBytes("invoke-with-response-stream", body));

    assertThat(frames).extracting(f -> f.text(":event-type").orElseThrow()).containsOnly("chunk");
    JsonNode first =
        JSON.readTree(
            java.util.Base64.getDecoder()
                .decode(JSON.readTree(frames.getFirst().payload()).path("bytes").asText()));
    assertThat(first.path("type").asText()).isEqualTo("message_start");
  }

  @Test
  void invokeWithABadAnthropicVersion_isRefused() throws Exception {
    HttpResponse<String> response =
        post(
            "invoke",
            "{\"anthropic_version\":\"2023-06-01\",\"max_tokens\":10,\"messages\":[]}",
            server.apiKey);

    assertBedrockError(response, 400, "ValidationException");
    assertThat(message(response)).contains("bedrock-2023-05-31");
  }

  @Test
  void unknownOperation_isA404InBedrocksShape() throws Exception {
    HttpResponse<String> response = post("summarize", HELLO, server.apiKey);

    assertBedrockError(response, 404, "UnknownOperationException");
  }

  @Test
  void modelTimeoutMidConverseStream_isAModelStreamErrorFrame() throws Exception {
    server.provider.reply(
        MODEL, ScriptedReply.brokenAfter("slow answer", ErrorKind.UPSTREAM_TIMEOUT));

    List<EventStreamMessage> frames = frames(postBytes("converse-stream", HELLO));

    assertThat(frames.getLast().text(":exception-type")).contains("modelStreamErrorException");
  }

  @Test
  void throttledMidInvokeStream_isAThrottlingExceptionFrame() throws Exception {
    server.provider.reply(MODEL, ScriptedReply.brokenAfter("some words", ErrorKind.RATE_LIMITED));
    String body =
        "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":10,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    List<EventStreamMessage> frames = frames(postBytes("invoke-with-response-stream", body));

    assertThat(frames.getLast().text(":message-type")).contains("exception");
    assertThat(frames.getLast().text(":exception-type")).contains("throttlingException");
  }

  @Test
  void unknownFoundationModel_isResourceNotFound() throws Exception {
    HttpResponse<String> response =
        send(
            request("", server.apiKey)
                .uri(URI.create(server.uri() + "/foundation-models/no.such-model"))
                .GET()
                .build());

    assertBedrockError(response, 404, "ResourceNotFoundException");
  }

  private static void assertBedrockError(HttpResponse<String> response, int status, String type)
      throws IOException {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("x-amzn-ErrorType")).contains(type);
    assertThat(JSON.readTree(response.body()).path("message").asText()).isNotBlank();
  }

  private static String message(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body()).path("message").asText();
  }

  private static List<EventStreamMessage> frames(HttpResponse<byte[]> response) {
    assertThat(response.headers().firstValue("Content-Type"))
        .contains("application/vnd.amazon.eventstream");
    EventStreamDecoder decoder = new EventStreamDecoder();
    List<EventStreamMessage> frames = decoder.feed(response.body());
    decoder.finish();
    return frames;
  }

  private static HttpRequest.Builder request(String operation, String key) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(server.uri() + "/model/" + MODEL + "/" + operation))
            .timeout(Duration.ofSeconds(30));
    if (key != null) {
      builder.header("Authorization", "Bearer " + key);
    }
    return builder;
  }

  private static HttpResponse<String> post(String operation, String body, String key)
      throws IOException, InterruptedException {
    return send(
        request(operation, key)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  private static HttpResponse<byte[]> postBytes(String operation, String body)
      throws IOException, InterruptedException {
    return CLIENT.send(
        request(operation, server.apiKey)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static HttpResponse<String> send(HttpRequest request)
      throws IOException, InterruptedException {
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
