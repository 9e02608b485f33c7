package dev.strata.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The in-flight bound, the wait for idleness, and which scheduler carries a handler. */
class RequestExecutorTest {
  private static Vertx vertx;
  private static Optional<EventLoopCarriers> carriers;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    var available = (EventLoopCarriers.Availability.Available) EventLoopCarriers.load();
    carriers = Optional.of(available.carriers());
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @Test
  void aHandlerAskedOntoTheEventLoop_isCarriedByTheLoopThatDispatchedIt() throws Exception {
    try (RequestExecutor executor = new RequestExecutor(4, carriers)) {
      Context loop = LoopProbe.loopOf(vertx);
      CompletableFuture<Boolean> loopRan = new CompletableFuture<>();

      boolean started =
          LoopProbe.on(
              loop,
              () ->
                  executor.tryExecuteOnEventLoop(
                      () -> loopRan.complete(LoopProbe.loopRanWhileSpinning(loop))));

      assertThat(started).isTrue();
      assertThat(executor.carriesOnEventLoops()).isTrue();
      assertThat(loopRan.get(10, TimeUnit.SECONDS)).isFalse();
      assertThat(executor.awaitIdle(Duration.ofSeconds(10))).isTrue();
    }
  }

  @Test
  void withoutCarriers_aHandlerAskedOntoTheEventLoop_stillRunsOnAVirtualThread() throws Exception {
    try (RequestExecutor executor = new RequestExecutor(4)) {
      Context loop = LoopProbe.loopOf(vertx);
      CompletableFuture<Thread> ranOn = new CompletableFuture<>();

      boolean started =
          LoopProbe.on(
              loop,
              () -> executor.tryExecuteOnEventLoop(() -> ranOn.complete(Thread.currentThread())));

      assertThat(started).isTrue();
      assertThat(executor.carriesOnEventLoops()).isFalse();
      assertThat(ranOn.get(10, TimeUnit.SECONDS).isVirtual()).isTrue();
      assertThat(ranOn.get().getName()).startsWith("strata-request-");
    }
  }

  @Test
  void handlersBeyondTheBound_areRefused_onEitherScheduler() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (RequestExecutor executor = new RequestExecutor(2, carriers)) {
      Context loop = LoopProbe.loopOf(vertx);
      Runnable waiting =
          () -> {
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          };

      assertThat(LoopProbe.on(loop, () -> executor.tryExecuteOnEventLoop(waiting))).isTrue();
      assertThat(executor.tryExecute(waiting)).isTrue();
      assertThat(LoopProbe.on(loop, () -> executor.tryExecuteOnEventLoop(waiting))).isFalse();
      assertThat(executor.tryExecute(waiting)).isFalse();
      assertThat(executor.inFlight()).isEqualTo(2);
      assertThat(executor.awaitIdle(Duration.ofMillis(50))).isFalse();

      release.countDown();
      assertThat(executor.awaitIdle(Duration.ofSeconds(10))).isTrue();
      assertThat(executor.inFlight()).isZero();
    }
  }

  @Test
  void aClosedExecutor_refusesHandlers_onEitherScheduler() throws Exception {
    RequestExecutor executor = new RequestExecutor(4, carriers);
    executor.close();
    Context loop = LoopProbe.loopOf(vertx);

    assertThat(LoopProbe.on(loop, () -> executor.tryExecuteOnEventLoop(() -> {}))).isFalse();
    assertThat(executor.tryExecute(() -> {})).isFalse();
    assertThat(executor.inFlight()).isZero();
  }
}
