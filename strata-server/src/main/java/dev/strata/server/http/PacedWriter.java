package dev.strata.server.http;

import static java.util.Objects.requireNonNull;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes a long response body at the pace the client reads it, so a body of any size holds only a
 * chunk and Vert.x's write queue in memory. On a thread that may block, each write waits (up to the
 * drain timeout) until the queue has room again. On an event loop, which must not wait, a write
 * returns at once and the producer asks {@link #ready} before the next one, which tells it when
 * the client has caught up. A client that leaves or stops reading for the drain timeout ends the
 * writing with an IOException, and from then on counts as gone. Used by downloads, exports and the
 * streaming answers of every wire format.
 */
public final class PacedWriter {
  /** How many bytes written from an event loop may wait for the socket before {@link #ready} says no. */
  static final int EVENT_LOOP_BACKLOG_BYTES = 256 * 1024;

  private final HttpServerResponse response;
  private final Duration drainTimeout;
  private final String body;
  private volatile boolean clientGone;
  private volatile CompletableFuture<Void> waiting;
  private final AtomicLong unsent = new AtomicLong();
  private Runnable onReady; // guarded by this
  private long readyTimer; // guarded by this
  private Vertx timerOwner; // guarded by this

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

  /**
   * Sends {@code chunk}; then, unless on an event loop, waits until the client has read enough for
   * the next one.
   */
  public void write(Buffer chunk) throws IOException {
    if (clientGone) {
      throw gone();
    }
    if (Context.isOnEventLoopThread()) {
      writeWithoutWaiting(chunk);
    } else {
      response.write(chunk).onFailure(ignored -> clientLeft());
      awaitWritable();
    }
  }

  /**
   * For a producer on an event loop: true when the next chunk may be written now; false when more
   * than {@value #EVENT_LOOP_BACKLOG_BYTES} bytes written from an event loop have not reached the
   * socket yet, and then {@code onReady} runs once — when they have, when the client has left, or
   * when the drain timeout has passed (the client then counts as gone). Call on an event loop.
   */
  public boolean ready(Runnable onReady) {
    if (clientGone || unsent.get() <= EVENT_LOOP_BACKLOG_BYTES) {
      return true;
    }
    Context context = Vertx.currentContext();
    if (context == null) {
      throw new IllegalStateException("ready() is for writers on an event loop");
    }
    Vertx vertx = context.owner();
    long timer = vertx.setTimer(Math.max(1, drainTimeout.toMillis()), this::drainTimedOut);
    synchronized (this) {
      this.onReady = onReady;
      this.readyTimer = timer;
      this.timerOwner = vertx;
    }
    if (clientGone || unsent.get() <= EVENT_LOOP_BACKLOG_BYTES) {
      fireReady();
    }
    return false;
  }

  /**
   * Writes from an event loop, counting the bytes until Vert.x has handed them to the socket. The
   * write's own completion is what {@link #ready} waits for: a drain handler is not called
   * reliably for writes made on the event loop itself.
   */
  private void writeWithoutWaiting(Buffer chunk) {
    int size = chunk.length();
    unsent.addAndGet(size);
    response
        .write(chunk)
        .onComplete(
            written -> {
              long left = unsent.addAndGet(-size);
              if (written.failed()) {
                clientLeft();
              } else if (left <= EVENT_LOOP_BACKLOG_BYTES) {
                fireReady();
              }
            });
  }

  /** The client has not caught up within the drain timeout of the pause {@code timer} belongs to. */
  private void drainTimedOut(long timer) {
    synchronized (this) {
      if (onReady == null || readyTimer != timer) {
        return; // that pause is over
      }
    }
    if (unsent.get() > EVENT_LOOP_BACKLOG_BYTES) {
      clientLeft();
    }
    fireReady();
  }

  private void fireReady() {
    Runnable ready;
    long timer;
    Vertx owner;
    synchronized (this) {
      ready = onReady;
      timer = readyTimer;
      owner = timerOwner;
      onReady = null;
      timerOwner = null;
    }
    if (ready != null) {
      if (owner != null) {
        owner.cancelTimer(timer);
      }
      ready.run();
    }
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
    fireReady();
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
