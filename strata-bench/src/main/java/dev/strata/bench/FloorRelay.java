package dev.strata.bench;

import static java.util.Objects.requireNonNull;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The least a relay on the JVM can do: every request, whatever its path, is passed to one plain-HTTP
 * upstream and its answer passed back as it arrives, with no authentication, parsing, metering or
 * ledger. Measured beside the gateway ({@code --floor-relay} of both gateway benchmarks), under the
 * same JVM options and CPU pinning, it shows how much of the added latency is the machine's — two
 * more sockets, wake-ups and a JVM on a virtualised core — and so the floor under which no Strata
 * change can bring the figures. Answers {@code GET /health} itself.
 *
 * <p>Run it alone with {@code java -cp strata.jar dev.strata.bench.FloorRelay PORT UPSTREAM_ROOT
 * [event-loop|virtual-threads]}, for example {@code 18100 http://127.0.0.1:18099}.
 */
public final class FloorRelay implements AutoCloseable {

  /** Headers that belong to one connection, not to the message (RFC 9110, section 7.6.1). */
  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-connection",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade",
          "host",
          "content-length");

  /** Where the relaying runs. */
  enum Threads {
    /** All of it on the event loop that read the request: no hand-off at all. */
    EVENT_LOOP,
    /**
     * As Strata's request path does it: a virtual thread per request, the upstream call on the
     * client's own event loop — four hand-offs per request, and one more per piece of a stream.
     */
    VIRTUAL_THREADS;

    /** The benchmarks' flag that asks for the floor relay, naming its threads. */
    static final String FLAG = "--floor-relay";

    /** How the command line names it. */
    String flag() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Threads ofFlag(String flag) {
      for (Threads threads : values()) {
        if (threads.flag().equals(flag)) {
          return threads;
        }
      }
      throw new IllegalArgumentException(
          "expected event-loop or virtual-threads, not '" + flag + "'");
    }

    /** The benchmarks' {@value #FLAG} option, if given. */
    static Optional<Threads> option(Flags flags) {
      try {
        return flags.text(FLAG).map(Threads::ofFlag);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(FLAG + ": " + e.getMessage(), e);
      }
    }
  }

  /** Queued after the last piece of an answer. */
  private static final Object END = new Object();

  private final Vertx vertx;
  private final HttpServer server;

  private FloorRelay(Vertx vertx, HttpServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  /** Listens on {@code port} of the loopback address (0: any free port). */
  static FloorRelay start(int port, URI upstreamRoot, Threads threads) throws Exception {
    requireNonNull(upstreamRoot, "upstreamRoot");
    requireNonNull(threads, "threads");
    if (!"http".equals(upstreamRoot.getScheme()) || upstreamRoot.getPort() < 0) {
      throw new IllegalArgumentException(
          "the upstream must be http://HOST:PORT, was " + upstreamRoot);
    }
    Vertx vertx = Vertx.vertx();
    Context clientContext = vertx.getOrCreateContext();
    HttpClient client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setDefaultHost(upstreamRoot.getHost())
                .setDefaultPort(upstreamRoot.getPort())
                .setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(512));
    HttpServer server =
        vertx
            .createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
            .requestHandler(
                request -> {
                  if (request.path().equals("/health")) {
                    request.response().end("ok");
                  } else if (threads == Threads.EVENT_LOOP) {
                    relayOnEventLoop(request, client);
                  } else {
                    request
                        .body()
                        .onSuccess(
                            body ->
                                Thread.startVirtualThread(
                                    () ->
                                        relayOnVirtualThread(
                                            request, body, client, clientContext)));
                  }
                });
    return new FloorRelay(vertx, await(server.listen()));
  }

  /** The port it listens on. */
  int port() {
    return server.actualPort();
  }

  private static void relayOnEventLoop(HttpServerRequest request, HttpClient client) {
    RequestOptions options = upstreamOptions(request);
    HttpServerResponse response = request.response();
    request
        .body()
        .compose(body -> client.request(options).compose(upstream -> upstream.send(body)))
        .onSuccess(answer -> relay(answer, response))
        .onFailure(
            error -> {
              if (!response.headWritten()) {
                response.setStatusCode(502).end(String.valueOf(error));
              } else {
                response.reset();
              }
            });
  }

  private static void relay(HttpClientResponse answer, HttpServerResponse response) {
    startAnswer(answer, response);
    answer.handler(response::write);
    answer.exceptionHandler(error -> response.reset());
    answer.endHandler(ignored -> response.end());
  }

  /**
   * Strata's hand-offs without its logic: the call is started on the client's own context and
   * awaited, and each piece of the answer is taken from a queue and written, on a virtual thread.
   */
  private static void relayOnVirtualThread(
      HttpServerRequest request, Buffer body, HttpClient client, Context clientContext) {
    RequestOptions options = upstreamOptions(request);
    HttpServerResponse response = request.response();
    BlockingQueue<Object> pieces = new LinkedBlockingQueue<>();
    CompletableFuture<HttpClientResponse> head = new CompletableFuture<>();
    clientContext.runOnContext(
        start ->
            client
                .request(options)
                .compose(upstream -> upstream.send(body))
                .onComplete(
                    answer -> {
                      answer.handler(pieces::add);
                      answer.exceptionHandler(pieces::add);
                      answer.endHandler(ended -> pieces.add(END));
                      head.complete(answer);
                    },
                    head::completeExceptionally));
    HttpClientResponse answer;
    try {
      answer = head.join();
    } catch (CompletionException e) {
      response.setStatusCode(502).end(String.valueOf(e.getCause()));
      return;
    }
    startAnswer(answer, response);
    try {
      for (Object piece = pieces.take(); ; piece = pieces.take()) {
        if (piece instanceof Buffer buffer) {
          response.write(buffer);
        } else if (piece == END) {
          response.end();
          return;
        } else {
          response.reset(); // the upstream failed mid-answer
          return;
        }
      }
    } catch (InterruptedException e) {
      response.reset();
      Thread.currentThread().interrupt();
    }
  }

  private static RequestOptions upstreamOptions(HttpServerRequest request) {
    RequestOptions options =
        new RequestOptions().setMethod(request.method()).setURI(request.uri());
    copyHeaders(request.headers(), options::addHeader);
    return options;
  }

  private static void startAnswer(HttpClientResponse answer, HttpServerResponse response) {
    response.setStatusCode(answer.statusCode());
    copyHeaders(answer.headers(), response.headers()::add);
    response.setChunked(true);
  }

  private static void copyHeaders(MultiMap from, BiConsumer<String, String> to) {
    from.forEach(
        header -> {
          if (!HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))) {
            to.accept(header.getKey(), header.getValue());
          }
        });
  }

  @Override
  public void close() throws Exception {
    await(vertx.close());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** {@code PORT UPSTREAM_ROOT}: runs until the process is stopped. */
  public static void main(String[] args) throws Exception {
    if (args.length < 2 || args.length > 3) {
      System.err.println(
          "usage: FloorRelay PORT UPSTREAM_ROOT [event-loop|virtual-threads]"
              + " (e.g. 18100 http://127.0.0.1:18099)");
      System.exit(2);
    }
    Threads threads = args.length == 3 ? Threads.ofFlag(args[2]) : Threads.EVENT_LOOP;
    FloorRelay relay = start(Integer.parseInt(args[0]), URI.create(args[1]), threads);
    System.err.println("floor relay on port " + relay.port() + " → " + args[1]);
    Thread.currentThread().join();
  }
}
