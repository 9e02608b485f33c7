package dev.strata.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Virtual threads carried by the event loop that starts them. */
class EventLoopCarriersTest {
  private static Vertx vertx;
  private static EventLoopCarriers carriers;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    carriers = ((EventLoopCarriers.Availability.Available) EventLoopCarriers.load()).carriers();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @Test
  void aJdkWhoseVirtualThreadsPinInSynchronized_isRefusedWithTheReason() {
    EventLoopCarriers.Availability jdk21 = EventLoopCarriers.load(Runtime.Version.parse("21.0.5"));

    assertThat(jdk21).isInstanceOf(EventLoopCarriers.Availability.Unavailable.class);
    assertThat(((EventLoopCarriers.Availability.Unavailable) jdk21).reason())
        .contains("JDK 21")
        .contains("synchronized")
        .contains("JDK 24 or later");
  }

  @Test
  void offAnEventLoop_noThreadIsMade() {
    assertThat(carriers.unstarted(() -> {})).isEmpty();
  }

  @Test
  void aCarriedThread_holdsItsLoopWhileItRuns() throws Exception {
    Context loop = LoopProbe.loopOf(vertx);
    CompletableFuture<Boolean> loopRan = new CompletableFuture<>();
    Thread thread =
        LoopProbe.on(
            loop,
            () ->
                carriers
                    .unstarted(() -> loopRan.complete(LoopProbe.loopRanWhileSpinning(loop)))
                    .orElseThrow());
    thread.start();

    assertThat(thread.isVirtual()).isTrue();
    assertThat(thread.getName()).startsWith("strata-request-on-loop-");
    assertThat(loopRan.get(10, TimeUnit.SECONDS)).isFalse();
  }

  @Test
  void aCarriedThreadThatWaits_givesItsLoopBack_andIsWokenByIt() throws Exception {
    Context loop = LoopProbe.loopOf(vertx);
    Thread loopThread = LoopProbe.on(loop, Thread::currentThread);
    CompletableFuture<Optional<Thread>> answeredBy = new CompletableFuture<>();
    LoopProbe.on(
            loop,
            () ->
                carriers.unstarted(
                    () -> {
                      // Waits for a task of its own loop: it must give the loop back to get it.
                      CompletableFuture<Thread> fromLoop = new CompletableFuture<>();
                      loop.runOnContext(task -> fromLoop.complete(Thread.currentThread()));
                      answeredBy.complete(Optional.of(fromLoop.join()));
                    }))
        .orElseThrow()
        .start();

    assertThat(answeredBy.get(10, TimeUnit.SECONDS)).contains(loopThread);
  }
}
