package dev.strata.server.s3;

import static java.util.Objects.requireNonNull;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Copies an object's bytes into a response from a blocking thread, in chunks of {@link #CHUNK}
 * bytes, waiting while the client reads slowly (up to the drain timeout): a download of any size
 * holds a chunk and Vert.x's write queue in memory.
 */
final class ResponseStream {
  static final int CHUNK = 64 * 1024;

  private final HttpServerResponse response;
  private final Duration drainTimeout;
  private volatile boolean clientGone;
  private volatile CompletableFuture<Void> waiting;

  ResponseStream(HttpServerResponse response, Duration drainTimeout) {
    this.response = requireNonNull(response, "response");
    this.drainTimeout = requireNonNull(drainTimeout, "drainTimeout");
    response.closeHandler(ignored -> clientLeft());
    response.exceptionHandler(ignored -> clientLeft());
  }

  /**
   * Sends exactly {@code length} bytes of {@code content} and ends the response.
   *
   * @throws IOException when the content is shorter, or the client left or stopped reading
   */
  void copy(InputStream content, long length) throws IOException {
    byte[] chunk = new byte[(int) Math.min(CHUNK, Math.max(1, length))];
    long left = length;
    while (left > 0) {
      int read = content.read(chunk, 0, (int) Math.min(chunk.length, left));
      if (read < 0) {
        throw new IOException("the object ended " + left + " bytes early");
      }
      if (clientGone) {
        throw new IOException("the client closed the connection during the download");
      }
      response.write(Buffer.buffer(Arrays.copyOf(chunk, read)));
      left -= read;
      awaitWritable();
    }
    response.end();
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
    if (clientGone) {
      throw new IOException("the client closed the connection during the download");
    }
  }
}
