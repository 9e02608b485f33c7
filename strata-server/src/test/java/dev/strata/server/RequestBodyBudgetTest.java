package dev.strata.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server holds at most {@code server.maxBufferedBodyBytes} of request bodies at once, counting
 * bytes as they arrive (never a declared length), and gives them back when the request's handler is
 * done or its client leaves.
 */
class RequestBodyBudgetTest {
  private static final int KIB = 1024;
  private static final int MAX_BODY = 256 * KIB;
  /** Two bodies of the largest size and 128 KiB more. */
  private static final int BUDGET = 640 * KIB;

  private TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.withBodyBudget(MAX_BODY, BUDGET);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void clientsThatDeclareLargeBodiesButSendLittle_holdLittle_andOthersAreServed() throws Exception {
    List<RawSocket> idlers = new ArrayList<>();
    try {
      for (int i = 0; i < 10; i++) { // 10 x 256 KiB declared against a 640 KiB budget
        RawSocket socket = new RawSocket(server.port());
        idlers.add(socket);
        socket.send(headers(MAX_BODY) + "{");
      }
      awaitHeld(held -> held == 10 * 8 * KIB); // one byte each took the smallest array, 8 KiB

      HttpResponse<String> response =
          Http.postJson(server, "/v1/chat/completions", server.apiKey, chatOfSize(MAX_BODY));

      assertThat(response.statusCode()).isEqualTo(200);
    } finally {
      for (RawSocket socket : idlers) {
        socket.close();
      }
    }
    awaitHeld(held -> held == 0);
  }

  @Test
  void aBodyThatFindsTheBudgetSpent_isRefusedAsOverloaded_andTheBudgetComesBack()
      throws Exception {
    byte[] first = chatOfSize(MAX_BODY).getBytes(StandardCharsets.UTF_8);
    try (RawSocket a = new RawSocket(server.port());
        RawSocket b = new RawSocket(server.port())) {
      for (RawSocket socket : List.of(a, b)) { // all but the last byte: each holds 256 KiB
        socket.send(headers(MAX_BODY));
        socket.send(java.util.Arrays.copyOf(first, first.length - 1));
      }
      awaitHeld(held -> held == 2 * MAX_BODY);

      try (RawSocket c = new RawSocket(server.port())) {
        // 129 KiB arrived needs a 256 KiB array; only 128 KiB of the budget is left
        c.send(headers(200 * KIB) + "{" + " ".repeat(129 * KIB - 1));
        String refused = c.readToEnd();

        assertThat(refused).startsWith("HTTP/1.1 503");
        assertThat(RawSocket.header(refused, "Retry-After")).isEqualTo("1");
        assertThat(refused)
            .contains("\"type\":\"api_error\"")
            .contains("\"code\":\"server_overloaded\"")
            .contains(BUDGET + " bytes of request bodies");
        assertThat(server.server.bodyRefusals()).isEqualTo(1);
      }
      awaitHeld(held -> held == 2 * MAX_BODY); // the refused body gave its share back at once

      a.send(new byte[] {first[first.length - 1]});
      assertThat(a.readUntil("\r\n\r\n")).startsWith("HTTP/1.1 200");
      awaitHeld(held -> held == MAX_BODY); // served: a's share is back

      assertThat(
              Http.postJson(server, "/v1/chat/completions", server.apiKey, chatOfSize(100 * KIB))
                  .statusCode())
          .isEqualTo(200);
    } // b leaves in the middle of its body
    awaitHeld(held -> held == 0);
  }

  private String headers(int contentLength) {
    return "POST /v1/chat/completions HTTP/1.1\r\n"
        + "Host: localhost\r\n"
        + "Content-Type: application/json\r\n"
        + "Authorization: Bearer "
        + server.apiKey
        + "\r\nContent-Length: "
        + contentLength
        + "\r\n\r\n";
  }

  /** A valid chat request of exactly {@code bytes} bytes. */
  private static String chatOfSize(int bytes) {
    String head = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"";
    String tail = "\"}]}";
    return head + "a".repeat(bytes - head.length() - tail.length()) + tail;
  }

  /** Waits (up to 10 s) until the bytes the server holds satisfy {@code condition}. */
  private void awaitHeld(LongPredicate condition) throws InterruptedException {
    Eventually.until(
        () -> condition.test(server.server.bodyBytesHeld()),
        () -> "the server still holds " + server.server.bodyBytesHeld() + " bytes of bodies");
  }
}
