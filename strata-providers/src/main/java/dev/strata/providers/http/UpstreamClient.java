package dev.strata.providers.http;

import static java.util.Objects.requireNonNull;

import dev.strata.core.error.StrataException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A pooled keep-alive HTTP client for one upstream, called from a (virtual) thread that blocks
 * until the answer — or a timeout — arrives. TLS follows the URI's scheme and verifies the host
 * against the JDK's trust store. It must not be called from a Vert.x event loop, which it would
 * block.
 */
public final class UpstreamClient implements AutoCloseable {
  /** How many calls may wait for a pooled connection, per allowed connection. */
  static final int WAITERS_PER_CONNECTION = 64;

  private static final long CLOSE_TIMEOUT_SECONDS = 10;

  private final String upstream;
  private final HttpClientAgent client;
  private final Context context;

  private UpstreamClient(String upstream, HttpClientAgent client, Context context) {
    this.upstream = upstream;
    this.client = client;
    this.context = context;
  }

  /**
   * A client with at most {@code maxConnections} connections to the upstream, each opened within
   * {@code connectTimeout}.
   */
  public static UpstreamClient create(
      Vertx vertx, String upstream, Duration connectTimeout, int maxConnections) {
    requireNonNull(vertx, "vertx");
    requireNonNull(upstream, "upstream");
    requireNonNull(connectTimeout, "connectTimeout");
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be positive, was " + maxConnections);
    }
    HttpClientOptions options =
        new HttpClientOptions()
            .setName("strata-" + upstream)
            .setConnectTimeout(Math.toIntExact(Math.max(1, connectTimeout.toMillis())))
            .setKeepAlive(true)
            .setTcpNoDelay(true)
            .setVerifyHost(true)
            .setForceSni(true);
    PoolOptions pool =
        new PoolOptions()
            .setHttp1MaxSize(maxConnections)
            .setHttp2MaxSize(maxConnections)
            .setMaxWaitQueueSize(maxConnections * WAITERS_PER_CONNECTION);
    // Every call starts on this one event-loop context, so the pool's connections live on its
    // thread and a response's head, body and the handlers Strata attaches to it all run there, in
    // order. Calls started from arbitrary threads would get a context each: a response could then
    // arrive — and end — on the connection's thread before the caller's context had attached its
    // handlers, and the call would hear nothing until its timeout.
    Context context = vertx.getOrCreateContext();
    if (!context.isEventLoopContext()) {
      throw new IllegalStateException(
          "create the client of upstream " + upstream + " outside Vert.x worker threads");
    }
    return new UpstreamClient(upstream, vertx.createHttpClient(options, pool), context);
  }

  /**
   * Sends {@code request} and waits for the whole response, at most {@code timeout} including the
   * connection; on timeout the request is reset.
   *
   * @throws StrataException for transport failures and timeouts (never for an HTTP status)
   */
  public UpstreamResponse send(UpstreamRequest request, Duration timeout) {
    requireCallerMayBlock();
    InFlight inFlight = new InFlight();
    CompletableFuture<UpstreamResponse> result = new CompletableFuture<>();
    context.runOnContext(
        start ->
            client
                .request(options(request))
                .compose(sent -> inFlight.attach(sent) ? sent.send(body(request)) : aborted())
                .compose(
                    response ->
                        response
                            .body()
                            .map(
                                body ->
                                    new UpstreamResponse(
                                        response.statusCode(),
                                        headers(response.headers()),
                                        body.getBytes())))
                .onComplete(result::complete, result::completeExceptionally));
    return await(result, timeout, inFlight, "waiting for its answer");
  }

  /**
   * Sends {@code request} and returns once the response head has arrived (within {@code
   * headTimeout}, connection included); the body is then read through the returned stream, each
   * read waiting at most {@code idleTimeout}.
   */
  public UpstreamStream open(UpstreamRequest request, Duration headTimeout, Duration idleTimeout) {
    requireNonNull(idleTimeout, "idleTimeout");
    requireCallerMayBlock();
    InFlight inFlight = new InFlight();
    CompletableFuture<UpstreamStream> head = new CompletableFuture<>();
    context.runOnContext(
        start ->
            client
                .request(options(request))
                .compose(sent -> inFlight.attach(sent) ? sent.send(body(request)) : aborted())
                .onComplete(
                    response -> {
                      // Runs on the client's context in the task that delivered the head, so
                      // the handlers are in place before any of the body is.
                      UpstreamStream stream = stream(response, inFlight, idleTimeout);
                      if (!head.complete(stream)) {
                        inFlight.abort();
                      }
                    },
                    head::completeExceptionally));
    return await(head, headTimeout, inFlight, "waiting for its answer to begin");
  }

  /** Closes the pooled connections; calls still in flight fail. */
  @Override
  public void close() {
    try {
      client
          .close()
          .toCompletionStage()
          .toCompletableFuture()
          .get(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      System.getLogger(UpstreamClient.class.getName())
          .log(
              System.Logger.Level.WARNING,
              "closing the client of upstream " + upstream + " failed",
              e);
    }
  }

  @Override
  public String toString() {
    return "UpstreamClient[" + upstream + "]";
  }

  private UpstreamStream stream(HttpClientResponse response, InFlight inFlight, Duration idle) {
    return new UpstreamStream(
        upstream,
        response.statusCode(),
        headers(response.headers()),
        new InboundChunks(response),
        inFlight,
        idle);
  }

  private <T> T await(
      CompletableFuture<T> result, Duration timeout, InFlight inFlight, String doing) {
    try {
      return result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      result.cancel(false);
      inFlight.abort();
      throw UpstreamErrors.timeout(upstream, doing, timeout);
    } catch (ExecutionException e) {
      inFlight.abort();
      throw UpstreamErrors.forTransport(upstream, e.getCause());
    } catch (InterruptedException e) {
      result.cancel(false);
      inFlight.abort();
      throw UpstreamErrors.interrupted(upstream);
    }
  }

  private RequestOptions options(UpstreamRequest request) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.valueOf(request.method()))
            .setAbsoluteURI(request.uri().toString())
            .setFollowRedirects(false);
    // No per-request pool-wait timeout: Vert.x 5 arms it on one thread and cancels it on another,
    // which can leave it firing after the call succeeded. The caller's own deadline (await) bounds
    // the wait for a connection, and the client options bound the TCP connect.
    request.headers().forEach(options::putHeader);
    return options;
  }

  private static Buffer body(UpstreamRequest request) {
    return Buffer.buffer(request.body());
  }

  private static <T> Future<T> aborted() {
    return Future.failedFuture(new java.util.concurrent.CancellationException("call aborted"));
  }

  private static ResponseHeaders headers(MultiMap multiMap) {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    for (Map.Entry<String, String> entry : multiMap) {
      copy.computeIfAbsent(entry.getKey(), name -> new ArrayList<>()).add(entry.getValue());
    }
    return ResponseHeaders.of(copy);
  }

  private void requireCallerMayBlock() {
    if (Context.isOnEventLoopThread()) {
      throw StrataException.internal(
          "upstream '" + upstream + "' was called from a Vert.x event loop, which must not block",
          null);
    }
  }
}
