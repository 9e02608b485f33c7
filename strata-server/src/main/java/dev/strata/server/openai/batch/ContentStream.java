package dev.strata.server.openai.batch;

import static java.util.Objects.requireNonNull;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Copies a stream into a response from a blocking thread, a chunk at a time, waiting (up to the
 * drain timeout) while the client reads slowly, so a file of any size holds one chunk and Vert.x's
 * write queue in memory.
 */
final class ContentStream {
  private static final int CHUNK_BYTES = 64 * 1024;

  private final HttpServerResponse response;
  private final Duration drainTimeout;
  private volatile boolean clientGone;
  private volatile CompletableFuture<Void> waiting;

  ContentStream(HttpServerResponse response, Duration drainTimeout) {
    this.response = requireNonNull(response, "response");
    this.drainTimeout = requireNonNull(drainTimeout, "drainTimeout");
    response.closeHandler(ignored -> clientLeft());
    response.exceptionHandler(ignored -> clientLeft());
  }

  /** Sends everything {@code content} holds and ends the response; the caller closes content. */
  void copy(InputStream content) throws IOException {
    byte[] chunk = new byte[CHUNK_BYTES];
    int read;
    while ((read = content.readNBytes(chunk, 0, chunk.length)) > 0) {
      if (clientGone) {
        throw new IOException("the client closed the connection during the download");
      }
      response.write(Buffer.buffer(java.util.Arrays.copyOf(chunk, read)));
      awaitWritable();
    }
    if (!clientGone) {
      response.end();
    }
  }

  private void clientLeft() {
    clientGone = true;
    CompletableFuture<Void> drained = waiting;
    if (drained != null) {
      drained.complete(null);
    }
  }

  private void awaitWritable() throws IOException {
    if (!response.writeQueueFull()) {
      return;
    }
    CompletableFuture<Void> drained = new CompletableFuture<>();
    waiting = drained;
    response.drainHandler(ignored -> drained.complete(null));
    if (!response.writeQueueFull() || clientGone) {
      drained.complete(null);
    }
    try {
      drained.get(drainTimeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException | ExecutionException e) {
      throw new IOException("the client stopped reading the download", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while sending the download", e);
    } finally {
      waiting = null;
    }
  }
}
