package dev.strata.server.http;

import static java.util.Objects.requireNonNull;

import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.ledger.RequestIds;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Turns blocking handlers into Vert.x route handlers. On the event loop it stamps the request id,
 * checks the media type and size, and reads the body within the server's {@link BodyBudget}; the
 * handler then runs on a virtual thread — carried by that event loop for the endpoints {@link
 * #carriedByEventLoop() made so} — and a failure it throws is rendered once, in the frontend's
 * wire format.
 */
public final class BlockingEndpoints {
  private static final System.Logger LOG = System.getLogger(BlockingEndpoints.class.getName());
  private static final byte[] NO_BODY = new byte[0];
  private static final String CONTINUE = "100-continue";
  private static final String STREAM = "stream";

  private final RequestExecutor executor;
  private final ErrorRenderer errors;
  private final Clock clock;
  private final long maxBodyBytes;
  private final BodyBudget bodyBudget;
  private final UrlClaims urlClaims;
  /** Which requests' handlers are carried by the event loop, judged by their bodies. */
  private final Predicate<byte[]> onEventLoop;

  /**
   * Endpoints reading bodies of at most {@code maxBodyBytes}, and holding at most {@code
   * bodyBudget}'s bytes of bodies at once across every request (shared by all frontends).
   */
  public BlockingEndpoints(
      RequestExecutor executor,
      ErrorRenderer errors,
      Clock clock,
      long maxBodyBytes,
      BodyBudget bodyBudget) {
    this(executor, errors, clock, maxBodyBytes, bodyBudget, new UrlClaims(), body -> false);
  }

  private BlockingEndpoints(
      RequestExecutor executor,
      ErrorRenderer errors,
      Clock clock,
      long maxBodyBytes,
      BodyBudget bodyBudget,
      UrlClaims urlClaims,
      Predicate<byte[]> onEventLoop) {
    this.executor = requireNonNull(executor, "executor");
    this.errors = requireNonNull(errors, "errors");
    this.clock = requireNonNull(clock, "clock");
    this.bodyBudget = requireNonNull(bodyBudget, "bodyBudget");
    this.urlClaims = urlClaims;
    this.onEventLoop = onEventLoop;
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("maxBodyBytes must be at least 1");
    }
    if (bodyBudget.capacity() < maxBodyBytes) {
      throw new IllegalArgumentException(
          "the body budget ("
              + bodyBudget.capacity()
              + " bytes) must hold at least one body of the largest size ("
              + maxBodyBytes
              + " bytes)");
    }
    this.maxBodyBytes = maxBodyBytes;
  }

  /** Endpoints with a budget of eight bodies of the largest size, for servers that embed a few. */
  public BlockingEndpoints(
      RequestExecutor executor, ErrorRenderer errors, Clock clock, long maxBodyBytes) {
    this(executor, errors, clock, maxBodyBytes, new BodyBudget(8 * maxBodyBytes));
  }

  /**
   * These endpoints — same executor, clock, size limit, body budget and URL claims — rendering
   * failures with {@code renderer}, for a frontend that answers in its own wire format.
   */
  public BlockingEndpoints renderingErrorsWith(ErrorRenderer renderer) {
    return new BlockingEndpoints(
        executor, renderer, clock, maxBodyBytes, bodyBudget, urlClaims, onEventLoop);
  }

  /**
   * These endpoints with each handler carried by the event loop that read its request, when the
   * executor {@link RequestExecutor#carriesOnEventLoops() can}: for model calls, whose handlers
   * block only by waiting — for the upstream, a lock, a queue — so that the steps between the loop
   * and the handler are tasks on one thread instead of wake-ups of two ({@link
   * EventLoopCarriers}). Not for handlers that block in native code at length, such as database
   * reports, which would hold the loop and every connection on it.
   */
  public BlockingEndpoints carriedByEventLoop() {
    return carriedByEventLoopFor(body -> true);
  }

  /**
   * These endpoints with the handler of a whole answer carried by the event loop ({@link
   * #carriedByEventLoop()}), and the handler of a body asking {@code "stream": true} left on the
   * JDK's scheduler. A stream's handler works once per chunk; on the loop, that work queues behind
   * the loop's reads. Carried, streams' first bytes came 0.5–0.75 ms later at p99 in two runs
   * ({@code docs/benchmarks.md}) — within that benchmark's noise, so leaving them is the cautious
   * side — while whole answers gained in every run.
   */
  public BlockingEndpoints carriedByEventLoopUnlessStreamed() {
    return carriedByEventLoopFor(body -> !Json.isTrueAtTop(body, STREAM));
  }

  private BlockingEndpoints carriedByEventLoopFor(Predicate<byte[]> bodies) {
    return new BlockingEndpoints(
        executor, errors, clock, maxBodyBytes, bodyBudget, urlClaims, bodies);
  }

  /**
   * Makes these endpoints' wire format the one that answers, for paths starting with any of {@code
   * prefixes}, the failures no route's handler answers ({@link #rejectUnroutable}, {@link
   * #rejectUnmatched}).
   */
  public BlockingEndpoints answeringFor(String... prefixes) {
    for (String prefix : prefixes) {
      urlClaims.claim(prefix, errors);
    }
    return this;
  }

  /** A route handler that reads a JSON body (at most the size limit) and then runs handler. */
  public Handler<RoutingContext> withJsonBody(BlockingHandler handler) {
    requireNonNull(handler, "handler");
    return context -> acceptJson(context, handler);
  }

  /** A route handler that ignores any body and runs handler at once. */
  public Handler<RoutingContext> withoutBody(BlockingHandler handler) {
    requireNonNull(handler, "handler");
    return context -> {
      Instant receivedAt = clock.instant();
      String requestId = RequestIds.next(receivedAt);
      context.response().putHeader(StrataHeaders.REQUEST_ID, requestId);
      dispatch(
          new Call(requestId, receivedAt, System.nanoTime(), context, NO_BODY),
          handler,
          () -> {});
    };
  }

  /** Renders {@code failure} for a request no handler took, e.g. an unknown URL. */
  public void reject(RoutingContext context, StrataException failure) {
    context.response().putHeader(StrataHeaders.REQUEST_ID, RequestIds.next(clock.instant()));
    rejectUnread(context, failure);
  }

  /**
   * Answers a request Vert.x could not route — its path's percent-encoding is malformed — with a
   * 400 in the wire format that claimed the path ({@link #answeringFor}), or in these endpoints'
   * own.
   */
  public void rejectUnroutable(RoutingContext context) {
    if (context.response().headWritten()) {
      return;
    }
    String reason =
        context.failure() == null || context.failure().getMessage() == null
            ? "it cannot be decoded"
            : context.failure().getMessage();
    rejectUnmatched(
        context, StrataException.invalid("The request URL is not valid: " + reason + "."));
  }

  /**
   * Renders {@code failure} for a request no route took — an unknown URL, a method a path does
   * not serve — in the wire format that claimed the path ({@link #answeringFor}), or in these
   * endpoints' own.
   */
  public void rejectUnmatched(RoutingContext context, StrataException failure) {
    context.response().putHeader(StrataHeaders.REQUEST_ID, RequestIds.next(clock.instant()));
    rejectUnread(context, failure, urlClaims.owner(context.request().path()).orElse(errors));
  }

  /**
   * Answers a request whose body could not be read because of {@code cause} with a 400 naming it,
   * then closes the connection — when the connection is still there, so the body itself was bad (a
   * chunk size that is not hexadecimal, say). Must run in the handler Vert.x reports the failure
   * to: right after it, Vert.x closes the connection. When the connection broke instead, no one is
   * left to answer and nothing is done.
   */
  public void rejectMalformedBody(RoutingContext context, Throwable cause) {
    requireNonNull(cause, "cause");
    if (cause instanceof HttpClosedException
        || context.response().closed()
        || context.response().headWritten()) {
      return;
    }
    errors.render(context.response(), malformedBody(cause));
    closeAfterResponse(context.request());
  }

  private static StrataException malformedBody(Throwable cause) {
    String reason = cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")";
    return StrataException.invalid(
        "The request body could not be read: its framing is malformed" + reason + ".");
  }

  private void acceptJson(RoutingContext context, BlockingHandler handler) {
    Instant receivedAt = clock.instant();
    String requestId = RequestIds.next(receivedAt);
    long receivedNanos = System.nanoTime();
    HttpServerRequest request = context.request();
    context.response().putHeader(StrataHeaders.REQUEST_ID, requestId);
    String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
    if (!isJson(contentType)) {
      rejectUnread(context, unsupportedMediaType(contentType));
      return;
    }
    long declaredLength = declaredLength(request);
    if (declaredLength > maxBodyBytes) {
      errors.render(context.response(), BodyReader.tooLarge(maxBodyBytes));
      closeAfterResponse(request);
      return;
    }
    if (expectsContinue(request)) {
      context.response().writeContinue();
    }
    BodyReader reader = BodyReader.start(request, maxBodyBytes, declaredLength, bodyBudget);
    reader
        .body()
        .onComplete(
            body -> {
              if (body.succeeded()) {
                dispatch(
                    new Call(requestId, receivedAt, receivedNanos, context, body.result()),
                    handler,
                    reader::release);
              } else if (body.cause() instanceof StrataException refused) {
                errors.render(context.response(), refused);
                closeAfterResponse(request);
              } else {
                rejectMalformedBody(context, body.cause());
              }
            });
  }

  /** Runs handler on a virtual thread; {@code done} runs once it returned, or at once if refused. */
  private void dispatch(Call call, BlockingHandler handler, Runnable done) {
    Runnable task = () -> serve(call, handler, done);
    boolean started =
        onEventLoop.test(call.body())
            ? executor.tryExecuteOnEventLoop(task)
            : executor.tryExecute(task);
    if (!started) {
      done.run();
      errors.render(
          call.response(),
          StrataException.builder(
                  ErrorKind.UNAVAILABLE,
                  "The server is handling its limit of "
                      + executor.maxInFlight()
                      + " requests; retry shortly.")
              .code("server_overloaded")
              .retryAfter(Duration.ofSeconds(1))
              .build());
    }
  }

  private void serve(Call call, BlockingHandler handler, Runnable done) {
    try {
      handler.handle(call);
    } catch (StrataException failure) {
      fail(call, failure);
    } catch (RuntimeException defect) {
      LOG.log(Level.ERROR, "request " + call.requestId() + " failed with a defect", defect);
      fail(call, StrataException.internal("unexpected failure", defect));
    } finally {
      done.run();
    }
  }

  private void fail(Call call, StrataException failure) {
    HttpServerResponse response = call.response();
    if (response.ended() || response.closed()) {
      return;
    }
    if (response.headWritten()) {
      // The handler began a response it could not finish: cut it rather than leave it hanging.
      response.reset();
      return;
    }
    errors.render(response, failure);
  }

  /**
   * Answers before the body was read. A body within the limit is read and dropped, keeping the
   * connection; one that is (or grows) larger is not read to its end — the connection is closed
   * instead — and neither is one whose client waits for "100 Continue" and so never sends it.
   */
  private void rejectUnread(RoutingContext context, StrataException failure) {
    rejectUnread(context, failure, errors);
  }

  private void rejectUnread(
      RoutingContext context, StrataException failure, ErrorRenderer renderer) {
    HttpServerRequest request = context.request();
    renderer.render(context.response(), failure);
    if (expectsContinue(request) || declaredLength(request) > maxBodyBytes) {
      closeAfterResponse(request);
    } else if (!request.isEnded()) {
      request.handler(new Discard(request, maxBodyBytes));
    }
  }

  /** Drops a rejected body, and closes the connection if it turns out to be oversized. */
  private static final class Discard implements Handler<Buffer> {
    private final HttpServerRequest request;
    private final long maxBytes;
    private long dropped;

    Discard(HttpServerRequest request, long maxBytes) {
      this.request = request;
      this.maxBytes = maxBytes;
    }

    @Override
    public void handle(Buffer chunk) {
      dropped += chunk.length();
      if (dropped > maxBytes) {
        request.handler(null);
        closeAfterResponse(request);
      }
    }
  }

  /** Closes an HTTP/1 connection once the response queued before is flushed. */
  private static void closeAfterResponse(HttpServerRequest request) {
    if (request.version() != HttpVersion.HTTP_2) {
      request.connection().close();
    }
  }

  private static boolean expectsContinue(HttpServerRequest request) {
    String expect = request.getHeader(HttpHeaders.EXPECT);
    return expect != null && expect.equalsIgnoreCase(CONTINUE);
  }

  private static long declaredLength(HttpServerRequest request) {
    String value = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (value == null) {
      return -1;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** A missing Content-Type is taken as JSON, as curl users often forget it. */
  static boolean isJson(String contentType) {
    if (contentType == null) {
      return true;
    }
    int semicolon = contentType.indexOf(';');
    String mediaType =
        (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
            .trim()
            .toLowerCase(Locale.ROOT);
    return mediaType.equals("application/json") || mediaType.endsWith("+json");
  }

  private static StrataException unsupportedMediaType(String contentType) {
    return StrataException.builder(
            ErrorKind.UNSUPPORTED_MEDIA_TYPE,
            "Unsupported Content-Type '"
                + contentType
                + "'; send the body as JSON with Content-Type: application/json.")
        .code("unsupported_media_type")
        .build();
  }
}
