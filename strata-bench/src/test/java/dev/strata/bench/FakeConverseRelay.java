package dev.strata.bench;

import static java.util.Objects.requireNonNull;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stands in for Strata in tests of {@link ConverseStreamRelayBenchmark}: answers {@code /health},
 * and relays {@code POST /model/{id}/converse-stream} with the right bearer key to a mock Bedrock
 * runtime — holding everything after the first event-stream frame back for {@code holdBack}.
 */
final class FakeConverseRelay implements AutoCloseable {

  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  private final AtomicLong relayed = new AtomicLong();

  FakeConverseRelay(String mockBaseUrl, String key, Duration holdBack) throws Exception {
    requireNonNull(mockBaseUrl, "mockBaseUrl");
    requireNonNull(key, "key");
    HttpClient client = vertx.createHttpClient();
    server =
        await(
            vertx
                .createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(
                    request -> {
                      if (request.path().equals("/health")) {
                        request.response().end("ok");
                      } else if (!("Bearer " + key).equals(request.getHeader("authorization"))) {
                        request
                            .response()
                            .setStatusCode(403)
                            .putHeader("x-amzn-ErrorType", "AccessDeniedException")
                            .end("{\"message\":\"bad key\"}");
                      } else {
                        relay(request, client, mockBaseUrl, holdBack);
                      }
                    })
                .listen());
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  long relayedRequests() {
    return relayed.get();
  }

  private void relay(
      HttpServerRequest request, HttpClient client, String mockBaseUrl, Duration holdBack) {
    relayed.incrementAndGet();
    request
        .body()
        .compose(
            body ->
                client
                    .request(
                        new RequestOptions()
                            .setMethod(HttpMethod.POST)
                            .setAbsoluteURI(mockBaseUrl + "/model/upstream/converse-stream")
                            .putHeader("content-type", "application/json"))
                    .compose(upstream -> upstream.send(body))
                    .compose(response -> response.body()))
        .onSuccess(
            answer -> {
              // An event-stream frame starts with its total length, four bytes big-endian.
              int first = answer.getInt(0);
              var response =
                  request
                      .response()
                      .putHeader("content-type", "application/vnd.amazon.eventstream")
                      .setChunked(true);
              response.write(answer.getBuffer(0, first));
              Buffer rest = answer.getBuffer(first, answer.length());
              if (holdBack.isZero()) {
                response.end(rest);
              } else {
                vertx.setTimer(holdBack.toMillis(), id -> response.end(rest));
              }
            })
        .onFailure(error -> request.response().setStatusCode(502).end());
  }

  @Override
  public void close() throws Exception {
    await(vertx.close());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
