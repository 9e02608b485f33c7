package dev.strata.providers.http;

import static java.util.Objects.requireNonNull;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted HTTP server on 127.0.0.1 for behaviour the mock upstream does not offer: odd byte
 * boundaries, endless streams, and watching connections close.
 */
public final class TestServer implements AutoCloseable {
  private static final long TIMEOUT_SECONDS = 10;

  private final HttpServer server;
  private final AtomicInteger closedConnections = new AtomicInteger();
  private final CountDownLatch firstClose = new CountDownLatch(1);

  private TestServer(Vertx vertx, Handler<HttpServerRequest> handler) {
    this.server =
        vertx
            .createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
            .connectionHandler(
                connection ->
                    connection.closeHandler(
                        closed -> {
                          closedConnections.incrementAndGet();
                          firstClose.countDown();
                        }))
            .requestHandler(requireNonNull(handler, "handler"));
  }

  public static TestServer start(Vertx vertx, Handler<HttpServerRequest> handler) {
    TestServer server = new TestServer(vertx, handler);
    await(server.server.listen());
    return server;
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.actualPort() + path);
  }

  /** Whether a connection to this server closed within {@code timeout}. */
  public boolean awaitConnectionClosed(Duration timeout) throws InterruptedException {
    return firstClose.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public int closedConnections() {
    return closedConnections.get();
  }

  @Override
  public void close() {
    await(server.close());
  }

  private static <T> T await(io.vertx.core.Future<T> future) {
    try {
      return future
          .toCompletionStage()
          .toCompletableFuture()
          .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("test server did not start or stop", e);
    }
  }
}
