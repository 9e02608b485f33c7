package dev.strata.providers.local;

import dev.strata.core.model.StreamEvent;
import dev.strata.core.provider.StreamSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A sink that stops at the first text delta until the test releases it, like a client that stops
 * reading: the engine's buffer fills and the generation holds its slot. Waits are bounded.
 */
final class GatedSink implements StreamSink {
  private final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);
  private final List<StreamEvent> events = new CopyOnWriteArrayList<>();

  @Override
  public void accept(StreamEvent event) {
    events.add(event);
    if (event instanceof StreamEvent.TextDelta && entered.getCount() > 0) {
      entered.countDown();
      try {
        if (!released.await(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the test never released the sink");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** Waits until the first text delta has arrived and the sink is holding. */
  boolean awaitHolding() throws InterruptedException {
    return entered.await(30, TimeUnit.SECONDS);
  }

  void release() {
    released.countDown();
  }

  List<StreamEvent> events() {
    return List.copyOf(events);
  }
}
