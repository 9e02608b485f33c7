package dev.strata.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A path whose percent-encoding is malformed cannot be routed at all; it still gets a 400 in the
 * wire format of the API it was meant for, and the connection stays usable.
 */
class UnroutableUrlTest {
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
  void openAiPath_getsAnOpenAiInvalidRequestError() throws Exception {
    String response = send("POST", "/v1/chat/%zz/completions");

    assertThat(response).startsWith("HTTP/1.1 400");
    assertThat(response)
        .contains("\"type\":\"invalid_request_error\"")
        .contains("The request URL is not valid");
  }

  @Test
  void bedrockRuntimePath_getsAValidationException() throws Exception {
    String response = send("POST", "/model/%E0%A4%A/converse");

    assertThat(response).startsWith("HTTP/1.1 400");
    assertThat(RawSocket.header(response, "x-amzn-ErrorType")).isEqualTo("ValidationException");
    assertThat(response).contains("{\"message\":\"The request URL is not valid");
  }

  @Test
  void anthropicPath_getsAnAnthropicError() throws Exception {
    String response = send("POST", "/v1/messages/%G1");

    assertThat(response).startsWith("HTTP/1.1 400");
    assertThat(response)
        .contains("{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\"")
        .contains("The request URL is not valid");
  }

  @Test
  void bedrockPathAskedWithAnotherMethod_getsABedrock405() throws Exception {
    String response = send("POST", "/foundation-models");

    assertThat(response).startsWith("HTTP/1.1 405");
    assertThat(RawSocket.header(response, "x-amzn-ErrorType")).isEqualTo("ValidationException");
    assertThat(response).contains("{\"message\":").doesNotContain("\"error\":{");
  }

  @Test
  void unknownBedrockControlPlanePath_getsABedrock404() throws Exception {
    String response = send("GET", "/foundation-models/a/b");

    assertThat(response).startsWith("HTTP/1.1 404");
    assertThat(RawSocket.header(response, "x-amzn-ErrorType"))
        .isEqualTo("ResourceNotFoundException");
  }

  @Test
  void unknownPathNoFrontendClaims_getsAnOpenAi404() throws Exception {
    String response = send("GET", "/v1/nowhere");

    assertThat(response).startsWith("HTTP/1.1 404");
    assertThat(response).contains("\"code\":\"unknown_url\"");
  }

  @Test
  void theConnectionStaysUsable() throws Exception {
    try (RawSocket socket = new RawSocket(server.port())) {
      socket.send(request("POST", "/v1/chat/%zz"));
      assertThat(socket.readUntil("}}")).startsWith("HTTP/1.1 400");

      socket.send(
          "GET /v1/models HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
              + server.apiKey
              + "\r\nConnection: close\r\n\r\n");
      assertThat(socket.readToEnd()).startsWith("HTTP/1.1 200");
    }
  }

  private static String send(String method, String path) throws Exception {
    try (RawSocket socket = new RawSocket(server.port())) {
      socket.send(request(method, path).replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n"));
      return socket.readToEnd();
    }
  }

  private static String request(String method, String path) {
    return method
        + " "
        + path
        + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        + "Content-Length: 2\r\n\r\n{}";
  }
}
