package dev.strata.server.admin;

import static java.util.Objects.requireNonNull;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A chunked response body written as text from a blocking thread, in chunks of about {@link
 * #CHUNK_CHARS} characters. Waits while the client reads slowly (up to the drain timeout), so an
 * export of any size holds at most a chunk and Vert.x's write queue in memory.
 */
final class ExportStream implements Appendable {
  static final int CHUNK_CHARS = 64 * 1024;

  private final HttpServerResponse response;
  private final Duration drainTimeout;
  private final StringBuilder pending = new StringBuilder(CHUNK_CHARS + 1024);
  private volatile boolean clientGone;
  private volatile CompletableFuture<Void> waiting;

  ExportStream(HttpServerResponse response, Duration drainTimeout) {
    this.response = requireNonNull(response, "response");
    this.drainTimeout = requireNonNull(drainTimeout, "drainTimeout");
    response.closeHandler(ignored -> clientLeft());
    response.exceptionHandler(ignored -> clientLeft());
  }

  @Override
  public Appendable append(CharSequence text) throws IOException {
    pending.append(text);
    flushIfFull();
    return this;
  }

  @Override
  public Appendable append(CharSequence text, int start, int end) throws IOException {
    pending.append(text, start, end);
    flushIfFull();
    return this;
  }

  @Override
  public Appendable append(char c) throws IOException {
    pending.append(c);
    flushIfFull();
    return this;
  }

  /** Sends what is left and ends the response. */
  void end() {
    if (!clientGone) {
      response.end(buffer());
    }
  }

  /** Whether anything was sent yet (then a failure can only cut the response). */
  boolean started() {
    return response.headWritten();
  }

  private void flushIfFull() throws IOException {
    if (pending.length() < CHUNK_CHARS) {
      return;
    }
    if (clientGone) {
      throw new IOException("the client closed the connection during the export");
    }
    response.write(buffer());
    awaitWritable();
  }

  private Buffer buffer() {
    Buffer chunk = Buffer.buffer(pending.toString().getBytes(StandardCharsets.UTF_8));
    pending.setLength(0);
    return chunk;
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
      throw new IOException("the client stopped reading the export", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while streaming the export", e);
    } finally {
      waiting = null;
    }
    if (clientGone) {
      throw new IOException("the client closed the connection during the export");
    }
  }
}
