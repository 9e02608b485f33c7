package dev.strata.providers.bedrock;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;

/**
 * Hands the SDK's stream events to the calling virtual thread one at a time: it asks for the next
 * event only after the caller took the previous one, so at most one event and the end wait here.
 * Once the stream has begun, a failure reported outside the subscription does not overtake the
 * events that arrived before it: the subscription's own end is awaited, and the outside failure
 * only answers a wait that would otherwise time out.
 */
final class EventQueue implements Subscriber<ConverseStreamOutput> {
  /** One event, its end and a failure reported by several SDK callbacks fit. */
  private static final int CAPACITY = 8;

  /** How long buffered events may still arrive after the call failed outside the stream. */
  static final Duration FAILURE_GRACE = Duration.ofSeconds(1);

  /** How often a waiting caller looks for a failure reported outside the stream. */
  private static final Duration POLL_SLICE = Duration.ofMillis(50);

  private final BlockingQueue<Item> items = new ArrayBlockingQueue<>(CAPACITY);
  private volatile Subscription subscription;
  private volatile boolean cancelled;
  private volatile Throwable outsideFailure;

  /** What the stream delivered next. */
  sealed interface Item {}

  /** An event. */
  record Next(ConverseStreamOutput event) implements Item {}

  /** The stream ended normally. */
  record End() implements Item {}

  /** The stream, or the call before it, failed. */
  record Failed(Throwable failure) implements Item {}

  @Override
  public void onSubscribe(Subscription s) {
    subscription = s;
    if (cancelled) {
      s.cancel();
    } else {
      s.request(1);
    }
  }

  @Override
  public void onNext(ConverseStreamOutput event) {
    items.offer(new Next(event));
  }

  @Override
  public void onError(Throwable failure) {
    fail(failure);
  }

  @Override
  public void onComplete() {
    items.offer(new End());
  }

  /** Reports a failure seen outside the subscription (the call's future, the handler). */
  void fail(Throwable failure) {
    if (subscription == null) {
      items.offer(new Failed(failure));
    } else if (outsideFailure == null) {
      outsideFailure = failure;
    }
  }

  /**
   * The next item; null when none arrived within {@code timeout}. After a failure was reported
   * outside the subscription, events still buffered in the SDK get {@link #FAILURE_GRACE} to arrive
   * before that failure is returned: the SDK does not always end the subscription itself.
   */
  Item next(Duration timeout) throws InterruptedException {
    long now = System.nanoTime();
    long deadline = now + timeout.toNanos();
    long graceEnd = Long.MAX_VALUE;
    while (true) {
      Throwable outside = outsideFailure;
      long limit = deadline;
      if (outside != null) {
        if (graceEnd == Long.MAX_VALUE) {
          graceEnd = now + FAILURE_GRACE.toNanos();
        }
        limit = Math.min(deadline, graceEnd);
      }
      long remaining = limit - now;
      if (remaining <= 0) {
        return outside == null ? null : new Failed(outside);
      }
      Item item = items.poll(Math.min(remaining, POLL_SLICE.toNanos()), TimeUnit.NANOSECONDS);
      if (item != null) {
        return item;
      }
      now = System.nanoTime();
    }
  }

  /** Asks the SDK for the event after the one just taken. */
  void requestNext() {
    Subscription current = subscription;
    if (current != null && !cancelled) {
      current.request(1);
    }
  }

  /** Stops the stream; nothing more is requested. */
  void cancel() {
    cancelled = true;
    Subscription current = subscription;
    if (current != null) {
      current.cancel();
    }
  }
}
