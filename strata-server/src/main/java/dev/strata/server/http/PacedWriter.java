package dev.strata.server.http;

import static java.util.Objects.requireNonNull;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes a long response body from a blocking thread at the pace the client reads it: after each
 * chunk it waits (up to the drain timeout) until Vert.x's write queue has room again, so a body of
 * any size holds only a chunk and the queue in memory. A client that leaves or stops reading ends
 * the writing with an IOException, and from then on counts as gone. Used by downloads, exports and
 * the streaming answers of every wire format.
 */
public final class PacedWriter {
  private final HttpServerResponse response;
  private final Duration drainTimeout;
  private final String body;
  private volatile boolean clientGone;
  private volatile CompletableFuture<Void> waiting;

  /**
   * @param body what is being sent, for the errors' messages ("download", "export")
   */
  public PacedWriter(HttpServerResponse response, Duration drainTimeout, String body) {
    this.response = requireNonNull(response, "response");
    this.drainTimeout = requireNonNull(drainTimeout, "drainTimeout");
    this.body = requireNonNull(body, "body");
    response.closeHandler(ignored -> clientLeft());
    response.exceptionHandler(ignored -> clientLeft());
    if (response.closed()) {
      clientLeft();
    }
  }

  /** Sends {@code chunk}, then waits until the client has read enough for the next one. */
  public void write(Buffer chunk) throws IOException {
    if (clientGone) {
      throw gone();
    }
    response.write(chunk).onFailure(ignored -> clientLeft());
    awaitWritable();
  }

  /** Whether the client closed the connection, it failed, or the client stopped reading. */
  public boolean clientGone() {
    return clientGone;
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
      clientLeft();
      throw new IOException("the client stopped reading the " + body, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      clientLeft();
      throw new IOException("interrupted while sending the " + body, e);
    } finally {
      waiting = null;
    }
    if (clientGone) {
      throw gone();
    }
  }

  private IOException gone() {
    return new IOException("the client closed the connection during the " + body);
  }
}
