package dev.strata.providers.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link UpstreamClient#relay}: a successful body pushed to a {@link BodyConsumer} on the event
 * loop, in order, while the caller waits for the end; the consumer's failures and the upstream's
 * silence reach the caller, a consumer that is behind holds the upstream back, and other statuses
 * are read as usual.
 */
@Timeout(30)
class PushedCallTest {
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
  void theBodyReachesTheConsumerInOrder_onTheEventLoop() {
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
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    AtomicBoolean offTheEventLoop = new AtomicBoolean();
    BodyConsumer consumer =
        bytes -> {
          offTheEventLoop.compareAndSet(false, !Context.isOnEventLoopThread());
          received.writeBytes(bytes);
        };

    try (UpstreamStream stream = relay("/stream", Duration.ofSeconds(5), consumer)) {
      assertThat(stream.status()).isEqualTo(200);
      assertThat(stream.isPushed()).isTrue();
      assertThatThrownBy(stream::next).isInstanceOf(IllegalStateException.class);
    }

    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      expected.append("part-").append(i).append(';');
    }
    assertThat(received.toString(StandardCharsets.UTF_8)).isEqualTo(expected.toString());
    assertThat(offTheEventLoop).isFalse();
  }

  @Test
  void aConsumerThatThrows_stopsTheStream_andTheCallerGetsItsException() throws Exception {
    server =
        TestServer.start(vertx, request -> request.response().setChunked(true).write("endless"));
    IllegalStateException broken = new IllegalStateException("the client went away");
    AtomicInteger calls = new AtomicInteger();
    BodyConsumer consumer =
        bytes -> {
          calls.incrementAndGet();
          throw broken;
        };

    assertThatThrownBy(() -> relay("/endless", Duration.ofSeconds(5), consumer)).isSameAs(broken);
    assertThat(server.awaitConnectionClosed(Duration.ofSeconds(5))).isTrue();
    assertThat(calls).hasValue(1);
  }

  @Test
  void anErrorStatus_isReadThroughTheStream_notPushed() {
    server =
        TestServer.start(
            vertx, request -> request.response().setStatusCode(429).end("{\"message\":\"slow\"}"));
    AtomicInteger calls = new AtomicInteger();

    try (UpstreamStream stream =
        relay("/limited", Duration.ofSeconds(5), bytes -> calls.incrementAndGet())) {
      assertThat(stream.status()).isEqualTo(429);
      assertThat(stream.isPushed()).isFalse();
      assertThat(new String(stream.readRest(1024), StandardCharsets.UTF_8))
          .isEqualTo("{\"message\":\"slow\"}");
    }
    assertThat(calls).hasValue(0);
  }

  @Test
  void aStalledBody_timesOutAfterTheIdleTimeout_andDropsTheConnection() throws Exception {
    server = TestServer.start(vertx, request -> request.response().setChunked(true).write("first"));
    ByteArrayOutputStream received = new ByteArrayOutputStream();

    assertThatThrownBy(() -> relay("/stall", Duration.ofMillis(300), received::writeBytes))
        .isInstanceOfSatisfying(
            StrataException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_TIMEOUT));
    assertThat(received.toString(StandardCharsets.UTF_8)).isEqualTo("first");
    assertThat(server.awaitConnectionClosed(Duration.ofSeconds(5))).isTrue();
  }

  @Test
  void aConsumerThatIsBehind_holdsTheUpstreamBack_withoutTimingOut_untilItIsReady()
      throws Exception {
    int chunkBytes = 64 * 1024;
    int chunks = 1024; // 64 MB: far more than the sockets and write queues between the two hold
    CompletableFuture<Long> upstreamBlocked = new CompletableFuture<>();
    server =
        TestServer.start(
            vertx,
            request -> {
              HttpServerResponse response = request.response().setChunked(true);
              new Object() {
                int sent;

                void pump() {
                  while (sent < chunks) {
                    response.write(Buffer.buffer(new byte[chunkBytes]));
                    sent++;
                    if (response.writeQueueFull()) {
                      upstreamBlocked.complete((long) sent * chunkBytes);
                      response.drainHandler(drained -> pump());
                      return;
                    }
                  }
                  response.end();
                }
              }.pump();
            });
    AtomicLong received = new AtomicLong();
    AtomicReference<Runnable> resume = new AtomicReference<>();
    BodyConsumer consumer =
        new BodyConsumer() {
          @Override
          public void accept(byte[] bytes) {
            received.addAndGet(bytes.length);
          }

          @Override
          public boolean ready(Runnable onReady) {
            // Behind once, after the first chunk: the upstream must wait for onReady.
            return !resume.compareAndSet(null, onReady);
          }
        };
    Duration idle = Duration.ofMillis(200);

    CompletableFuture<UpstreamStream> ended =
        CompletableFuture.supplyAsync(
            () -> relay("/large", idle, consumer), Thread::startVirtualThread);
    long sentWhenBlocked = upstreamBlocked.get(10, TimeUnit.SECONDS);
    // Paused far longer than the idle timeout: this is the consumer's pause, not a silence.
    assertThat(ended)
        .failsWithin(Duration.ofMillis(5 * idle.toMillis()))
        .withThrowableOfType(TimeoutException.class);
    long receivedWhilePaused = received.get();

    resume.get().run();
    assertThat(ended.get(20, TimeUnit.SECONDS).isPushed()).isTrue();

    assertThat(sentWhenBlocked).isLessThan((long) chunks * chunkBytes);
    assertThat(receivedWhilePaused).isLessThan((long) chunks * chunkBytes / 4);
    assertThat(received).hasValue((long) chunks * chunkBytes);
  }

  @Test
  void aConsumerWithTheWholeAnswer_returnsAtOnce_andABodyThatDoesNotEndIsDroppedAfterTheGrace()
      throws Exception {
    server =
        TestServer.start(
            vertx, request -> request.response().setChunked(true).write("answer;[DONE];"));
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    BodyConsumer consumer =
        new BodyConsumer() {
          @Override
          public void accept(byte[] bytes) {
            received.writeBytes(bytes);
          }

          @Override
          public boolean complete() {
            return received.toString(StandardCharsets.UTF_8).endsWith("[DONE];");
          }
        };

    try (UpstreamStream stream = relay("/done-but-open", Duration.ofSeconds(30), consumer)) {
      assertThat(stream.isPushed()).isTrue();
    }
    assertThat(received.toString(StandardCharsets.UTF_8)).isEqualTo("answer;[DONE];");
    assertThat(server.awaitConnectionClosed(Duration.ofSeconds(10))).isTrue();
  }

  @Test
  void noHead_timesOutAfterTheHeadTimeout_andDropsTheConnection() throws Exception {
    server = TestServer.start(vertx, request -> {});
    AtomicInteger calls = new AtomicInteger();

    assertThatThrownBy(
            () ->
                client.relay(
                    UpstreamRequest.postJson(server.uri("/silent"), Map.of(), new byte[0]),
                    Duration.ofMillis(300),
                    Duration.ofSeconds(30),
                    bytes -> calls.incrementAndGet()))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_TIMEOUT);
              assertThat(e.getMessage()).contains("to begin");
            });
    assertThat(server.awaitConnectionClosed(Duration.ofSeconds(5))).isTrue();
    assertThat(calls).hasValue(0);
  }

  private UpstreamStream relay(String path, Duration idle, BodyConsumer consumer) {
    return client.relay(
        UpstreamRequest.postJson(server.uri(path), Map.of(), "{}".getBytes(StandardCharsets.UTF_8)),
        Duration.ofSeconds(5),
        idle,
        consumer);
  }
}
