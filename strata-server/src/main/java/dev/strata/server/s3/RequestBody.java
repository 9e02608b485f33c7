package dev.strata.server.s3;

import static java.util.Objects.requireNonNull;

import dev.strata.core.error.StrataException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A request body read as an {@link InputStream} on a request's virtual thread while Vert.x delivers
 * it on the event loop. Nothing is read until the first {@code read} (which answers {@code 100
 * Continue} when the client waits for it), and at most {@link #PREFETCH} chunks are held: each
 * chunk taken asks for one more. When the response ends before the body was read, the rest is
 * dropped if it is small, or the connection closed.
 */
final class RequestBody extends InputStream {
  static final int PREFETCH = 16;

  /**
   * How much of an unread body is dropped to keep the connection; beyond it the connection closes.
   */
  static final long DISCARD_LIMIT = 2L << 20;

  private static final Object END = new Object();

  private final HttpServerRequest request;
  private final HttpServerResponse response;
  private final Context eventLoop;
  private final Duration idleTimeout;
  private final boolean expectsContinue;
  private final LinkedBlockingQueue<Object> arrived = new LinkedBlockingQueue<>();
  private volatile boolean endArrived;
  private volatile boolean started;
  private volatile boolean discarding;
  private long discarded;
  private boolean finished;
  private Buffer current;
  private int position;

  private RequestBody(
      HttpServerRequest request,
      HttpServerResponse response,
      Context eventLoop,
      Duration idleTimeout) {
    this.request = request;
    this.response = response;
    this.eventLoop = eventLoop;
    this.idleTimeout = idleTimeout;
    String expect = request.getHeader(HttpHeaders.EXPECT);
    this.expectsContinue = expect != null && expect.equalsIgnoreCase("100-continue");
  }

  /**
   * Takes over the body of {@code request}; call it on the event loop, as the request arrives.
   *
   * @param idleTimeout how long a read waits for the next chunk before failing as RequestTimeout
   */
  static RequestBody attach(
      HttpServerRequest request, HttpServerResponse response, Duration idleTimeout) {
    requireNonNull(request, "request");
    requireNonNull(response, "response");
    requireNonNull(idleTimeout, "idleTimeout");
    Context eventLoop = Vertx.currentContext();
    if (eventLoop == null) {
      throw new IllegalStateException("attach a request body on its event loop");
    }
    RequestBody body = new RequestBody(request, response, eventLoop, idleTimeout);
    response.endHandler(ignored -> body.afterResponse());
    if (request.isEnded()) {
      body.endArrived = true;
      body.arrived.add(END);
      return body;
    }
    request.pause();
    request.handler(body::chunk);
    request.endHandler(ignored -> body.end());
    request.exceptionHandler(body::broken);
    return body;
  }

  @Override
  public int read() throws IOException {
    if (!fill()) {
      return -1;
    }
    return current.getByte(position++) & 0xff;
  }

  @Override
  public int read(byte[] bytes, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    if (length == 0) {
      return 0;
    }
    if (!fill()) {
      return -1;
    }
    int count = Math.min(length, current.length() - position);
    current.getBytes(position, position + count, bytes, offset);
    position += count;
    return count;
  }

  /** Whether a current chunk has bytes left, after waiting for the next one if needed. */
  private boolean fill() throws IOException {
    while (current == null || position == current.length()) {
      if (finished) {
        return false;
      }
      if (!started) {
        start();
      }
      Object next = next();
      if (next == END) {
        finished = true;
        return false;
      }
      if (next instanceof Throwable failure) {
        finished = true;
        throw new BodyFailure(
            S3Error.INCOMPLETE_BODY.failure(
                "The connection failed before the whole body arrived: " + failure.getMessage()));
      }
      current = (Buffer) next;
      position = 0;
      fetch(1);
    }
    return true;
  }

  private void start() {
    started = true;
    eventLoop.runOnContext(
        ignored -> {
          if (expectsContinue && !endArrived) {
            response.writeContinue();
          }
        });
    fetch(PREFETCH);
  }

  /**
   * Asks for more chunks, on the event loop: there the end of the body cannot arrive between the
   * check and the call (HTTP/2 refuses a fetch on an ended request).
   */
  private void fetch(int chunks) {
    eventLoop.runOnContext(
        ignored -> {
          if (!endArrived && !discarding) {
            request.fetch(chunks);
          }
        });
  }

  private Object next() throws IOException {
    try {
      Object next = arrived.poll(idleTimeout.toNanos(), TimeUnit.NANOSECONDS);
      if (next == null) {
        finished = true;
        throw new BodyFailure(
            S3Error.REQUEST_TIMEOUT.failure(
                "Your socket connection to the server was not read from or written to within the"
                    + " timeout period."));
      }
      return next;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      finished = true;
      throw new BodyFailure(failure("interrupted while the body arrived"));
    }
  }

  private static StrataException failure(String message) {
    return S3Error.INTERNAL_ERROR.failure(message);
  }

  // Event loop: chunks, the end, a broken connection, the response's end.

  private void chunk(Buffer chunk) {
    if (!discarding) {
      arrived.add(chunk);
      return;
    }
    discarded += chunk.length();
    if (discarded > DISCARD_LIMIT) {
      request.handler(null);
      abort();
    }
  }

  private void end() {
    endArrived = true;
    arrived.add(END);
  }

  private void broken(Throwable failure) {
    arrived.add(failure);
  }

  /**
   * The response is complete. A body the handler left unread (it failed, or needed none) is dropped
   * up to {@link #DISCARD_LIMIT} so the connection can serve the next request, unless the client is
   * still waiting for {@code 100 Continue}: then it never sends the body, and the connection is
   * closed as S3 closes it.
   */
  private void afterResponse() {
    if (endArrived) {
      return;
    }
    if (expectsContinue && !started) {
      abort();
      return;
    }
    discarding = true;
    arrived.clear();
    request.resume();
  }

  private void abort() {
    if (request.version() == HttpVersion.HTTP_2) {
      response.reset();
    } else {
      request.connection().close();
    }
  }

  @Override
  public String toString() {
    return "RequestBody[" + request.method() + " " + request.path() + "]";
  }
}
