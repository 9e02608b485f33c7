package dev.strata.providers.http;

import static java.util.Objects.requireNonNull;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One call whose successful body is pushed to a {@link BodyConsumer} on the event loop that reads
 * it, while the calling thread sleeps until the body has ended: it is woken once, at the end, and
 * not for the head or any chunk. A response with another status is handed to the caller at its
 * head, to read. A consumer that is behind pauses the response (the upstream slows down through
 * TCP) until it says it is ready again. Deliveries and stopping both run on the client's context,
 * so once the call is stopped nothing more reaches the consumer.
 */
final class PushedCall {
  /** How long the caller waits for the event loop to acknowledge a stop it asked for. */
  private static final long STOP_GRACE_NANOS = Duration.ofSeconds(5).toNanos();

  /** How long the rest of a body may take to end once the consumer has the whole answer. */
  static final Duration AFTER_COMPLETE_GRACE = Duration.ofSeconds(1);

  private final String upstream;
  private final Context context;
  private final BodyConsumer consumer;
  private final InFlight inFlight;
  private final Duration idleTimeout;
  private final CompletableFuture<UpstreamStream> outcome = new CompletableFuture<>();
  private final long startedNanos = System.nanoTime();
  private volatile boolean headArrived;
  private volatile long lastReadNanos;
  private volatile boolean waitingForConsumer;
  private HttpClientResponse response; // event loop only
  private UpstreamStream pushed; // event loop only
  private boolean stopped; // event loop only
  private boolean bodyEnded; // event loop only
  private long graceTimer = -1; // event loop only

  PushedCall(
      String upstream,
      Context context,
      BodyConsumer consumer,
      InFlight inFlight,
      Duration idleTimeout) {
    this.upstream = requireNonNull(upstream, "upstream");
    this.context = requireNonNull(context, "context");
    this.consumer = requireNonNull(consumer, "consumer");
    this.inFlight = requireNonNull(inFlight, "inFlight");
    this.idleTimeout = requireNonNull(idleTimeout, "idleTimeout");
  }

  /** The response head arrived; call on the client's context, in the task that delivered it. */
  void head(HttpClientResponse head) {
    if (stopped) {
      inFlight.abort();
      return;
    }
    int status = head.statusCode();
    ResponseHeaders headers = UpstreamClient.headers(head.headers());
    if (status < 200 || status > 299) {
      stopped = true;
      UpstreamStream stream =
          new UpstreamStream(upstream, status, headers, new InboundChunks(head), inFlight, idleTimeout);
      if (!outcome.complete(stream)) {
        inFlight.abort();
      }
      return;
    }
    response = head;
    pushed = new UpstreamStream(upstream, status, headers, null, inFlight, idleTimeout);
    lastReadNanos = System.nanoTime();
    headArrived = true;
    head.handler(this::received);
    head.endHandler(
        end -> {
          bodyEnded = true;
          if (graceTimer >= 0) {
            context.owner().cancelTimer(graceTimer);
          }
          stop(null);
        });
    head.exceptionHandler(failure -> stop(UpstreamErrors.forTransport(upstream, failure)));
  }

  /** The call failed before its head arrived; call on the client's context. */
  void failed(Throwable failure) {
    stop(UpstreamErrors.forTransport(upstream, failure));
  }

  private void received(Buffer bytes) {
    if (stopped) {
      return;
    }
    lastReadNanos = System.nanoTime();
    try {
      consumer.accept(bytes.getBytes());
      if (consumer.complete()) {
        completedEarly();
      } else if (!consumer.ready(this::consumerReady)) {
        waitingForConsumer = true;
        response.pause();
      }
    } catch (RuntimeException | Error failure) {
      stop(failure);
      inFlight.abort();
    }
  }

  /**
   * The consumer has the whole answer: the caller returns now, and the rest of the body is let run
   * out (ignored) for a grace period so the connection can go back to the pool, then aborted.
   */
  private void completedEarly() {
    stop(null);
    graceTimer =
        context
            .owner()
            .setTimer(
                AFTER_COMPLETE_GRACE.toMillis(),
                late -> {
                  if (!bodyEnded) {
                    inFlight.abort();
                  }
                });
  }

  private void consumerReady() {
    context.runOnContext(
        resume -> {
          if (!stopped && waitingForConsumer) {
            waitingForConsumer = false;
            lastReadNanos = System.nanoTime();
            response.resume();
          }
        });
  }

  /** Ends the call: with the pushed stream when {@code failure} is null. Event loop only. */
  private void stop(Throwable failure) {
    if (stopped) {
      return;
    }
    stopped = true;
    if (failure == null) {
      outcome.complete(pushed);
    } else {
      outcome.completeExceptionally(failure);
    }
  }

  /**
   * Waits until the pushed body has ended and the consumer has taken all of it — or, for a status
   * other than 2xx, until the head has arrived. Waits at most {@code headTimeout} for the head,
   * then at most the idle timeout for each chunk, not counting the time the consumer asked to
   * pause.
   *
   * @throws RuntimeException what the consumer threw, as it is; a {@code StrataException} for a
   *     failed connection, a timeout or an interrupt
   */
  UpstreamStream await(Duration headTimeout) {
    long idle = idleTimeout.toNanos();
    while (true) {
      long left =
          !headArrived
              ? startedNanos + headTimeout.toNanos() - System.nanoTime()
              : waitingForConsumer ? idle : lastReadNanos + idle - System.nanoTime();
      if (left <= 0) {
        return stopFromCaller(
            headArrived
                ? UpstreamErrors.timeout(upstream, "waiting for more of its answer", idleTimeout)
                : UpstreamErrors.timeout(upstream, "waiting for its answer to begin", headTimeout));
      }
      try {
        return outcome.get(left, TimeUnit.NANOSECONDS);
      } catch (TimeoutException stillGoing) {
        // loop: the head or a chunk may have come in the meantime
      } catch (InterruptedException e) {
        return stopFromCaller(UpstreamErrors.interrupted(upstream));
      } catch (ExecutionException e) {
        inFlight.abort();
        throw unchecked(e.getCause());
      }
    }
  }

  /**
   * Stops the call on the event loop and waits until it has, so that the caller may read what the
   * consumer built without racing it. The call may still have ended by itself first.
   */
  private UpstreamStream stopFromCaller(RuntimeException reason) {
    context.runOnContext(stop -> stop(reason));
    inFlight.abort();
    try {
      return outcome.get(STOP_GRACE_NANOS, TimeUnit.NANOSECONDS); // it may have ended just before
    } catch (ExecutionException e) {
      throw unchecked(e.getCause());
    } catch (InterruptedException | TimeoutException | CancellationException e) {
      throw reason;
    }
  }

  private static RuntimeException unchecked(Throwable failure) {
    if (failure instanceof Error error) {
      throw error;
    }
    return (RuntimeException) failure;
  }
}
