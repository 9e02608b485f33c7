package dev.strata.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A chunked body whose framing is broken gets a 400 in its wire format, then the close. */
class MalformedChunkedBodyTest {
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
  void openAiPath_getsAnInvalidRequestError() throws Exception {
    String response = send("/v1/chat/completions", "Authorization: Bearer " + server.apiKey);

    assertThat(response).startsWith("HTTP/1.1 400");
    assertThat(response)
        .contains("\"type\":\"invalid_request_error\"")
        .contains("The request body could not be read")
        .contains("chunk size");
  }

  @Test
  void anthropicPath_getsAnAnthropicError() throws Exception {
    String response = send("/v1/messages", "x-api-key: " + server.apiKey);

    assertThat(response).startsWith("HTTP/1.1 400");
    assertThat(response)
        .contains("{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\"")
        .contains("The request body could not be read");
  }

  @Test
  void bedrockPath_getsAValidationException() throws Exception {
    String response =
        send("/model/some-model/converse", "Authorization: Bearer " + server.apiKey);

    assertThat(response).startsWith("HTTP/1.1 400");
    assertThat(RawSocket.header(response, "x-amzn-ErrorType")).isEqualTo("ValidationException");
  }

  @Test
  void theServerStillServes_andHoldsNoBodyBytes() throws Exception {
    send("/v1/chat/completions", "Authorization: Bearer " + server.apiKey);

    try (RawSocket socket = new RawSocket(server.port())) {
      socket.send(
          "GET /v1/models HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
              + server.apiKey
              + "\r\nConnection: close\r\n\r\n");
      assertThat(socket.readToEnd()).startsWith("HTTP/1.1 200");
    }
    assertThat(server.server.bodyBytesHeld()).isZero(); // given back before the 400 was written
  }

  /** Sends a chunked body whose first chunk size is not hexadecimal; reads until the close. */
  private static String send(String path, String authorization) throws Exception {
    try (RawSocket socket = new RawSocket(server.port())) {
      socket.send(
          "POST "
              + path
              + " HTTP/1.1\r\nHost: localhost\r\n"
              + authorization
              + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
              + "zz\r\n{}\r\n0\r\n\r\n");
      return socket.readToEnd();
    }
  }
}
