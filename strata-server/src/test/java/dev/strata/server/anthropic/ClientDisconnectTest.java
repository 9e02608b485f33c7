package dev.strata.server.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.Role;
import dev.strata.core.model.StreamEvent;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A client that leaves mid-stream makes the sink throw CLIENT_CLOSED, stopping the upstream. */
class ClientDisconnectTest {
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
  void clientLeavingMidStream_makesTheSinkThrowClientClosed() throws Exception {
    CountDownLatch streaming = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicReference<StrataException> seen = new AtomicReference<>();
    server.upstream.script(
        (call, sink) -> {
          sink.accept(new StreamEvent.MessageStart(Role.ASSISTANT));
          streaming.countDown();
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
          try {
            // An upstream producing tokens until told to stop, at most 20 s.
            while (System.nanoTime() < deadline) {
              sink.accept(new StreamEvent.TextDelta(0, "token "));
              LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
          } catch (StrataException e) {
            seen.set(e);
            throw e;
          } finally {
            stopped.countDown();
          }
          throw new IllegalStateException("the sink never noticed the client left");
        });
    String body =
        "{\"model\":\"claude-sonnet-4\",\"max_tokens\":64,\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

    try (Socket socket = new Socket("127.0.0.1", server.server.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  + "x-api-key: "
                  + server.apiKey
                  + "\r\nContent-Length: "
                  + bytes.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(bytes);
      out.flush();
      assertThat(streaming.await(10, TimeUnit.SECONDS)).isTrue();
      InputStream in = socket.getInputStream();
      assertThat(in.read(new byte[64])).isPositive(); // the stream has started
    }

    assertThat(stopped.await(15, TimeUnit.SECONDS)).isTrue();
    assertThat(seen.get()).isNotNull();
    assertThat(seen.get().kind()).isEqualTo(ErrorKind.CLIENT_CLOSED);
  }
}
