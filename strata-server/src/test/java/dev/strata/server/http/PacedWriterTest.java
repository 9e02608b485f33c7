package dev.strata.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The back-pressure every long body and every streamed answer relies on: a client that stops
 * reading, or leaves, ends the writing with an IOException, and from then on counts as gone.
 */
@Timeout(60)
class PacedWriterTest {
  private static final int CHUNK_BYTES = 1 << 20;
  private static final int MAX_CHUNKS = 256;

  private final Vertx vertx = Vertx.vertx();
  private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();

  private record Outcome(int chunksWritten, IOException failure, boolean clientGone) {}

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void aClientThatStopsReading_failsTheWriteAfterTheDrainTimeout_andCountsAsGone()
      throws Exception {
    int port = serve(Duration.ofMillis(300));
    try (Socket socket = request(port)) {
      // Read nothing: the kernel's buffers fill, then Vert.x's write queue stays full.
      Outcome result = outcome.get(30, TimeUnit.SECONDS);

      assertThat(result.failure()).isNotNull();
      assertThat(result.failure().getMessage()).isEqualTo("the client stopped reading the body");
      assertThat(result.chunksWritten()).isLessThan(MAX_CHUNKS);
      assertThat(result.clientGone()).isTrue();
    }
  }

  @Test
  void aClientThatLeaves_failsTheNextWrite() throws Exception {
    int port = serve(Duration.ofSeconds(30));
    try (Socket socket = request(port)) {
      InputStream in = socket.getInputStream();
      assertThat(in.read(new byte[1024])).isPositive(); // the body has started
    }
    Outcome result = outcome.get(30, TimeUnit.SECONDS);

    assertThat(result.failure()).isNotNull();
    assertThat(result.chunksWritten()).isLessThan(MAX_CHUNKS);
    assertThat(result.clientGone()).isTrue();
  }

  /** Serves one endless body from a virtual thread through a PacedWriter; returns the port. */
  private int serve(Duration drainTimeout) {
    HttpServer server =
        vertx
            .createHttpServer()
            .requestHandler(
                request -> {
                  var response = request.response().setChunked(true);
                  var writer = new PacedWriter(response, drainTimeout, "body");
                  Thread.ofVirtual().start(() -> writeUntilFailure(writer));
                })
            .listen(0, "127.0.0.1")
            .await();
    return server.actualPort();
  }

  private void writeUntilFailure(PacedWriter writer) {
    Buffer chunk = Buffer.buffer(new byte[CHUNK_BYTES]);
    for (int written = 0; written < MAX_CHUNKS; written++) {
      try {
        writer.write(chunk.copy());
      } catch (IOException e) {
        outcome.complete(new Outcome(written, e, writer.clientGone()));
        return;
      }
    }
    outcome.complete(new Outcome(MAX_CHUNKS, null, writer.clientGone()));
  }

  private static Socket request(int port) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setReceiveBufferSize(64 * 1024);
    OutputStream out = socket.getOutputStream();
    out.write(
        "GET /body HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return socket;
  }
}
