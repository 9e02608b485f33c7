package dev.strata.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.Message;
import dev.strata.core.model.Role;
import dev.strata.core.model.StopReason;
import dev.strata.core.model.StreamEvent;
import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The server's life: health, listening, and a close that lets in-flight streams finish. */
class StrataServerTest {

  @Test
  void healthNeedsNoKey() throws Exception {
    try (TestServer server = new TestServer()) {
      HttpResponse<String> response = Http.get(server, "/health", null);

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("{\"status\":\"ok\"}");
    }
  }

  @Test
  void wholeAnswers_runOnVirtualThreadsCarriedByTheEventLoops_streamsOnTheJdkScheduler()
      throws Exception {
    try (TestServer server = new TestServer()) {
      assertThat(server.server.carriesModelCallsOnEventLoops()).isTrue();
      assertThat(handlerThreadOf(server, false)).startsWith(ON_LOOP);
      assertThat(handlerThreadOf(server, true)).startsWith(ON_JDK).doesNotStartWith(ON_LOOP);
    }
  }

  @Test
  void modelCalls_runOnTheJdkScheduler_whenConfiguredSo() throws Exception {
    try (TestServer server = TestServer.withScheduler(VirtualThreadScheduler.JDK)) {
      assertThat(server.server.carriesModelCallsOnEventLoops()).isFalse();
      assertThat(handlerThreadOf(server, false)).startsWith(ON_JDK).doesNotStartWith(ON_LOOP);
    }
  }

  private static final String ON_LOOP = "strata-request-on-loop-";
  private static final String ON_JDK = "strata-request-";

  /** The name of the thread that served a chat completion, which the server answers with 200. */
  private static String handlerThreadOf(TestServer server, boolean stream) throws Exception {
    CompletableFuture<String> threadName = new CompletableFuture<>();
    server.provider.script(
        (call, sink) -> {
          threadName.complete(Thread.currentThread().getName());
          if (sink != null) {
            sink.accept(new StreamEvent.MessageStart(Role.ASSISTANT));
            sink.accept(new StreamEvent.TextDelta(0, "hi"));
            sink.accept(new StreamEvent.MessageStop(StopReason.END_TURN));
          }
          return new ChatResponse(Message.assistant("hi"), StopReason.END_TURN, Optional.empty());
        });
    String body =
        "{\"model\":\"gpt-4o\",\"stream\":"
            + stream
            + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    HttpResponse<String> response =
        Http.postJson(server, "/v1/chat/completions", server.apiKey, body);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("hi");
    return threadName.get(10, TimeUnit.SECONDS);
  }

  @Test
  void closeStopsAcceptingButLetsAnInFlightStreamFinish() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    TestServer server = new TestServer();
    try {
      server.provider.script(
          (call, sink) -> {
            sink.accept(new StreamEvent.MessageStart(Role.ASSISTANT));
            sink.accept(new StreamEvent.TextDelta(0, "first "));
            try {
              if (!release.await(20, TimeUnit.SECONDS)) {
                throw StrataException.builder(ErrorKind.UPSTREAM_TIMEOUT, "never released").build();
              }
            } catch (InterruptedException e) {
              throw new IllegalStateException(e);
            }
            sink.accept(new StreamEvent.TextDelta(0, "second"));
            sink.accept(new StreamEvent.MessageStop(StopReason.END_TURN));
            return new ChatResponse(
                Message.assistant("first second"), StopReason.END_TURN, Optional.empty());
          });
      String body =
          "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
      try (RawSocket socket = new RawSocket(server.port())) {
        socket.send(
            "POST /v1/chat/completions HTTP/1.1\r\n"
                + "Host: localhost\r\n"
                + "Content-Type: application/json\r\n"
                + "Authorization: Bearer "
                + server.apiKey
                + "\r\nContent-Length: "
                + body.length()
                + "\r\n\r\n"
                + body);
        socket.readUntil("first ");

        CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> server.server.close());
        awaitRefused(server.port());
        assertThat(closing).isNotDone();
        release.countDown();

        String rest = socket.readToEnd();
        assertThat(rest).contains("second").contains("data: [DONE]");
        closing.get(20, TimeUnit.SECONDS);
      }
    } finally {
      release.countDown();
      server.close();
    }
  }

  @Test
  void takenPortFailsToStartWithTheAddress() throws Exception {
    try (TestServer first = new TestServer()) {
      Gateway gateway =
          new Gateway(
              new dev.strata.core.path.RequestPath(
                  java.util.List.of(
                      (exchange, next) -> {
                        throw StrataException.internal("unused", null);
                      })),
              first.authenticator,
              new dev.strata.core.catalog.ModelCatalog(java.util.List.of(), java.util.Map.of()),
              first.clock,
              new TestAdminApi("sk-strata-admin-x", first.keys, first.authenticator, first.ledger));

      assertThatThrownBy(
              () ->
                  StrataServer.start(
                      first.vertx, ServerOptions.of("127.0.0.1", first.port()), gateway))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("127.0.0.1:" + first.port());
    }
  }

  /** Waits, boundedly, until the server no longer accepts connections. */
  private static void awaitRefused(int port) throws InterruptedException {
    Eventually.until(
        () -> refuses(port), () -> "the server still accepts connections after close()");
  }

  private static boolean refuses(int port) {
    try (Socket probe = new Socket("127.0.0.1", port)) {
      return false;
    } catch (IOException refused) { // ConnectException, or any other failure to connect
      return true;
    }
  }
}
