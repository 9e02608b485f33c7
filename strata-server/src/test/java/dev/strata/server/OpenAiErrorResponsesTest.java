package dev.strata.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every failure is an OpenAI error object with the right status, and never a stack trace. */
class OpenAiErrorResponsesTest {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = new TestServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void answerNormally() {
    server.provider.script(FakeProvider.text("ok", FakeProvider.DEFAULT_USAGE));
  }

  @Test
  void malformedJsonSaysWhereItBroke() throws Exception {
    HttpResponse<String> response =
        Http.postJson(server, "/v1/chat/completions", server.apiKey, "{\"model\": \"gpt-4o\",, }");

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = Http.error(response);
    assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
    assertThat(error.get("message").asText())
        .contains("could not parse the JSON body")
        .contains("line 1, column 20");
  }

  @Test
  void emptyBodyIsAClearError() throws Exception {
    HttpResponse<String> response =
        Http.postJson(server, "/v1/chat/completions", server.apiKey, "");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(Http.error(response).get("message").asText()).contains("body is empty");
  }

  @Test
  void missingModelNamesTheParameter() throws Exception {
    HttpResponse<String> response =
        Http.postJson(
            server,
            "/v1/chat/completions",
            server.apiKey,
            "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(Http.error(response).get("param").asText()).isEqualTo("model");
    assertThat(Http.error(response).get("code").asText()).isEqualTo("missing_required_parameter");
  }

  @Test
  void wrongTypeNamesTheField() throws Exception {
    HttpResponse<String> response =
        Http.postJson(
            server,
            "/v1/chat/completions",
            server.apiKey,
            "{\"model\":\"gpt-4o\",\"messages\":{}}");

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = Http.error(response);
    assertThat(error.get("param").asText()).isEqualTo("messages");
    assertThat(error.get("code").asText()).isEqualTo("invalid_type");
    assertThat(error.get("message").asText())
        .isEqualTo("Invalid type for 'messages': expected an array, but got an object instead.");
  }

  @Test
  void nestedWrongTypeNamesTheFullPath() throws Exception {
    HttpResponse<String> response =
        Http.postJson(
            server,
            "/v1/chat/completions",
            server.apiKey,
            "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":5}]}]}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(Http.error(response).get("param").asText()).isEqualTo("messages[0].content[0].text");
  }

  @Test
  void moreThanOneChoiceIsRefused() throws Exception {
    HttpResponse<String> response =
        Http.postJson(
            server,
            "/v1/chat/completions",
            server.apiKey,
            "{\"model\":\"gpt-4o\",\"n\":2,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(Http.error(response).get("param").asText()).isEqualTo("n");
  }

  @Test
  void parameterStrataCannotCarryIsRefusedNotDropped() throws Exception {
    HttpResponse<String> response =
        Http.postJson(
            server,
            "/v1/chat/completions",
            server.apiKey,
            "{\"model\":\"gpt-4o\",\"logit_bias\":{\"50256\":-100},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(Http.error(response).get("param").asText()).isEqualTo("logit_bias");
    assertThat(Http.error(response).get("code").asText()).isEqualTo("unsupported_parameter");
  }

  @Test
  void unknownModelIsModelNotFound() throws Exception {
    HttpResponse<String> response =
        Http.postJson(server, "/v1/chat/completions", server.apiKey, Http.chat("gpt-9", "hi"));

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(Http.error(response).get("code").asText()).isEqualTo("model_not_found");
    assertThat(Http.get(server, "/v1/models/gpt-9", server.apiKey).statusCode()).isEqualTo(404);
  }

  @Test
  void unknownKeyIsRefused() throws Exception {
    HttpResponse<String> response =
        Http.postJson(
            server, "/v1/chat/completions", "sk-strata-notarealkey", Http.chat("gpt-4o", "hi"));

    assertThat(response.statusCode()).isEqualTo(401);
    JsonNode error = Http.error(response);
    assertThat(error.get("type").asText()).isEqualTo("authentication_error");
    assertThat(error.get("code").asText()).isEqualTo("invalid_api_key");
    assertThat(error.get("message").asText()).doesNotContain("notarealkey");
  }

  @Test
  void missingKeyIsRefused() throws Exception {
    assertThat(
            Http.postJson(server, "/v1/chat/completions", null, Http.chat("gpt-4o", "hi"))
                .statusCode())
        .isEqualTo(401);
    assertThat(Http.get(server, "/v1/models", null).statusCode()).isEqualTo(401);
  }

  @Test
  void azureStyleApiKeyHeaderIsAccepted() throws Exception {
    HttpResponse<String> response =
        Http.send(
            Http.request(server, "/v1/chat/completions")
                .header("Content-Type", "application/json")
                .header("api-key", server.apiKey)
                .POST(HttpRequest.BodyPublishers.ofString(Http.chat("gpt-4o", "hi")))
                .build());

    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void unknownUrlIsAnOpenAiNotFound() throws Exception {
    HttpResponse<String> response = Http.postJson(server, "/v1/foo", server.apiKey, "{}");

    assertThat(response.statusCode()).isEqualTo(404);
    JsonNode error = Http.error(response);
    assertThat(error.get("code").asText()).isEqualTo("unknown_url");
    assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
    assertThat(error.get("message").asText()).startsWith("Unknown request URL: POST /v1/foo");
  }

  @Test
  void wrongMethodIs405() throws Exception {
    HttpResponse<String> response = Http.get(server, "/v1/chat/completions", server.apiKey);

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(Http.error(response).get("code").asText()).isEqualTo("method_not_allowed");
  }

  @Test
  void nonJsonContentTypeIs415AndKeepsTheConnectionUsable() throws Exception {
    HttpResponse<String> response =
        Http.send(
            Http.request(server, "/v1/chat/completions")
                .header("Content-Type", "text/plain")
                .header("Authorization", "Bearer " + server.apiKey)
                .POST(HttpRequest.BodyPublishers.ofString(Http.chat("gpt-4o", "hi")))
                .build());

    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(Http.error(response).get("code").asText()).isEqualTo("unsupported_media_type");
    assertThat(
            Http.postJson(server, "/v1/chat/completions", server.apiKey, Http.chat("gpt-4o", "hi"))
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void declaredOversizedBodyIsRefusedBeforeItIsSent() throws Exception {
    try (RawSocket socket = new RawSocket(server.port())) {
      socket.send(
          "POST /v1/chat/completions HTTP/1.1\r\n"
              + "Host: localhost\r\n"
              + "Content-Type: application/json\r\n"
              + "Authorization: Bearer "
              + server.apiKey
              + "\r\nContent-Length: 1073741824\r\n\r\n"
              + "{\"model\":");

      String response = socket.readToEnd();

      assertThat(response).startsWith("HTTP/1.1 413");
      assertThat(response).contains("\"code\":\"request_too_large\"");
    }
  }

  @Test
  void refusedMediaTypeWithHugeBodyClosesInsteadOfReadingIt() throws Exception {
    try (RawSocket socket = new RawSocket(server.port())) {
      socket.send(
          "POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/csv\r\n"
              + "Content-Length: 1073741824\r\n\r\na,b,c\n");

      assertThat(socket.readToEnd()).startsWith("HTTP/1.1 415");
    }
  }

  @Test
  void oversizedBodyWithExpectContinueGets413() throws Exception {
    byte[] body = new byte[(int) TestServer.MAX_BODY_BYTES + 1];
    HttpResponse<String> response =
        Http.send(
            Http.request(server, "/v1/chat/completions")
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + server.apiKey)
                .expectContinue(true)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(Http.error(response).get("type").asText()).isEqualTo("invalid_request_error");
  }

  @Test
  void chunkedBodyIsCutOffAtTheLimit() throws Exception {
    try (RawSocket socket = new RawSocket(server.port())) {
      socket.send(
          "POST /v1/chat/completions HTTP/1.1\r\n"
              + "Host: localhost\r\n"
              + "Content-Type: application/json\r\n"
              + "Authorization: Bearer "
              + server.apiKey
              + "\r\nTransfer-Encoding: chunked\r\n\r\n");
      int chunk = 64 * 1024;
      for (long sent = 0; sent < TestServer.MAX_BODY_BYTES; sent += chunk) {
        socket.send(Integer.toHexString(chunk) + "\r\n" + " ".repeat(chunk) + "\r\n");
      }
      socket.send("1\r\n \r\n"); // one byte over the limit, and nothing after it

      String response = socket.readToEnd();

      assertThat(response).startsWith("HTTP/1.1 413");
    }
  }

  @Test
  void upstreamFailureIsAnApiErrorWithoutSecretsOrStackTraces() throws Exception {
    server.provider.script(
        FakeProvider.failing(
            StrataException.builder(
                    ErrorKind.UPSTREAM_ERROR,
                    "upstream answered 401: bad key sk-live-abcdef1234567890 (Authorization: Bearer"
                        + " sk-live-abcdef1234567890)\n"
                        + "\tat com.example.Client.call(Client.java:42)")
                .build()));

    HttpResponse<String> response =
        Http.postJson(server, "/v1/chat/completions", server.apiKey, Http.chat("gpt-4o", "hi"));

    assertThat(response.statusCode()).isEqualTo(502);
    JsonNode error = Http.error(response);
    assertThat(error.get("type").asText()).isEqualTo("api_error");
    assertThat(response.body()).doesNotContain("abcdef1234567890").doesNotContain("Client.java");
    assertThat(error.get("message").asText()).startsWith("upstream answered 401");
  }

  @Test
  void rateLimitCarriesRetryAfter() throws Exception {
    server.provider.script(
        FakeProvider.failing(
            StrataException.builder(ErrorKind.RATE_LIMITED, "Too many requests upstream.")
                .retryAfter(Duration.ofMillis(6500))
                .build()));

    HttpResponse<String> response =
        Http.postJson(server, "/v1/chat/completions", server.apiKey, Http.chat("gpt-4o", "hi"));

    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(response.headers().firstValue("retry-after")).contains("7");
    assertThat(Http.error(response).get("code").asText()).isEqualTo("rate_limit_exceeded");
  }

  @Test
  void providerDefectIsAGeneric500() throws Exception {
    server.provider.script(
        (call, sink) -> {
          throw new IllegalStateException("secret internal detail");
        });

    HttpResponse<String> response =
        Http.postJson(server, "/v1/chat/completions", server.apiKey, Http.chat("gpt-4o", "hi"));

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(Http.error(response).get("type").asText()).isEqualTo("api_error");
    assertThat(response.body()).doesNotContain("secret internal detail");
    assertThat(response.headers().firstValue("x-request-id")).isPresent();
  }

  @Test
  void embeddingTokenArraysAreRefused() throws Exception {
    HttpResponse<String> response =
        Http.postJson(
            server,
            "/v1/embeddings",
            server.apiKey,
            "{\"model\":\"text-embedding-3-small\",\"input\":[[1,2,3]]}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(Http.error(response).get("message").asText())
        .contains("token-array input is not supported");
  }

  @Test
  void chatModelCannotEmbed() throws Exception {
    HttpResponse<String> response =
        Http.postJson(
            server, "/v1/embeddings", server.apiKey, "{\"model\":\"gpt-4o\",\"input\":\"hi\"}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(Http.error(response).get("param").asText()).isEqualTo("model");
  }
}
