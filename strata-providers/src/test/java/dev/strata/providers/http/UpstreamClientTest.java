package dev.strata.providers.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.PfxOptions;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class UpstreamClientTest {
  private static Vertx vertx;
  private UpstreamClient client;
  private TestServer server;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @BeforeEach
  void createClient() {
    client = UpstreamClient.create(vertx, "test", Duration.ofSeconds(5), 4);
  }

  @AfterEach
  void closeAll() {
    client.close();
    if (server != null) {
      server.close();
    }
  }

  @Test
  void send_returnsStatusHeadersAndBody() {
    server =
        TestServer.start(
            vertx,
            request ->
                request
                    .body()
                    .onSuccess(
                        body ->
                            request
                                .response()
                                .setStatusCode(201)
                                .putHeader("x-echo", request.getHeader("x-key"))
                                .end("got " + body)));
    UpstreamResponse response =
        client.send(
            UpstreamRequest.postJson(server.uri("/echo"), Map.of("x-key", "v1"), bytes("{}")),
            Duration.ofSeconds(5));
    assertThat(response.status()).isEqualTo(201);
    assertThat(response.headers().first("X-Echo")).contains("v1");
    assertThat(response.bodyText()).isEqualTo("got {}");
  }

  @Test
  void send_silentUpstream_timesOutAndDropsTheConnection() throws Exception {
    server = TestServer.start(vertx, request -> {});
    assertThatThrownBy(
            () ->
                client.send(
                    UpstreamRequest.postJson(server.uri("/hang"), Map.of(), bytes("{}")),
                    Duration.ofMillis(300)))
        .isInstanceOfSatisfying(
            StrataException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_TIMEOUT));
    assertThat(server.awaitConnectionClosed(Duration.ofSeconds(5))).isTrue();
  }

  @Test
  void send_nobodyListening_isUnavailable() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    URI closed = URI.create("http://127.0.0.1:" + port + "/x");
    assertThatThrownBy(
            () ->
                client.send(
                    UpstreamRequest.postJson(closed, Map.of(), bytes("{}")), Duration.ofSeconds(5)))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
              assertThat(e.isRetryable()).isTrue();
            });
  }

  @Test
  void send_httpsUpstreamWithAnUntrustedCertificate_isRefusedBeforeAnyRequest(@TempDir Path dir)
      throws Exception {
    Path keyStore = selfSignedKeyStore(dir);
    AtomicInteger requests = new AtomicInteger();
    HttpServer https =
        vertx
            .createHttpServer(
                new HttpServerOptions()
                    .setHost("127.0.0.1")
                    .setPort(0)
                    .setSsl(true)
                    .setKeyCertOptions(
                        new PfxOptions().setPath(keyStore.toString()).setPassword("changeit")))
            .requestHandler(
                request -> {
                  requests.incrementAndGet();
                  request.response().end("{}");
                });
    https.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    try {
      URI uri = URI.create("https://127.0.0.1:" + https.actualPort() + "/v1/chat/completions");
      assertThatThrownBy(
              () ->
                  // A generous deadline: on a loaded machine the TLS handshake alone can take
                  // seconds, and running out of time would be UPSTREAM_TIMEOUT, not the refusal.
                  client.send(
                      UpstreamRequest.postJson(uri, Map.of(), bytes("{}")), Duration.ofSeconds(25)))
          .isInstanceOfSatisfying(
              StrataException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE));
      assertThat(requests).hasValue(0);
    } finally {
      https.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void open_readsTheBodyInOrderAsItArrives() {
    server =
        TestServer.start(
            vertx,
            request -> {
              HttpServerResponse response = request.response().setChunked(true);
              for (int i = 0; i < 200; i++) {
                response.write("part-" + i + ";");
              }
              response.end();
            });
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      expected.append("part-").append(i).append(';');
    }
    try (UpstreamStream stream = open("/stream", Duration.ofSeconds(5))) {
      assertThat(stream.status()).isEqualTo(200);
      assertThat(new String(stream.readRest(1 << 20), StandardCharsets.UTF_8))
          .isEqualTo(expected.toString());
    }
  }

  @Test
  void open_stalledBody_timesOutAfterTheIdleTimeout() {
    server = TestServer.start(vertx, request -> request.response().setChunked(true).write("first"));
    try (UpstreamStream stream = open("/stall", Duration.ofMillis(300))) {
      assertThat(stream.next().map(String::new)).contains("first");
      assertThatThrownBy(stream::next)
          .isInstanceOfSatisfying(
              StrataException.class,
              e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_TIMEOUT));
    }
  }

  @Test
  void open_closingBeforeTheEnd_dropsTheConnection() throws Exception {
    server =
        TestServer.start(vertx, request -> request.response().setChunked(true).write("never ends"));
    try (UpstreamStream stream = open("/endless", Duration.ofSeconds(5))) {
      assertThat(stream.next()).isPresent();
    }
    assertThat(server.awaitConnectionClosed(Duration.ofSeconds(5))).isTrue();
  }

  @Test
  void open_fromAnEventLoop_isRefused() throws Exception {
    server = TestServer.start(vertx, request -> request.response().end());
    CompletableFuture<Throwable> refused = new CompletableFuture<>();
    CountDownLatch ran = new CountDownLatch(1);
    vertx.runOnContext(
        ignored -> {
          try {
            open("/x", Duration.ofSeconds(1)).close();
            refused.complete(null);
          } catch (RuntimeException e) {
            refused.complete(e);
          }
          ran.countDown();
        });
    assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(refused.get())
        .isInstanceOfSatisfying(
            StrataException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL));
  }

  private UpstreamStream open(String path, Duration idle) {
    return client.open(
        UpstreamRequest.postJson(server.uri(path), Map.of(), bytes("{}")),
        Duration.ofSeconds(5),
        idle);
  }

  /** A PKCS#12 key store with a self-signed EC certificate for 127.0.0.1, made by keytool. */
  private static Path selfSignedKeyStore(Path dir) throws Exception {
    Path keyStore = dir.resolve("server.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "server",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "san=ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                "changeit",
                "-keypass",
                "changeit")
            .redirectErrorStream(true)
            .start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(keytool.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).as(output).isZero();
    return keyStore;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
