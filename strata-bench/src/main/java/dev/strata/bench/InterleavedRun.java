package dev.strata.bench;

import static java.util.Objects.requireNonNull;

import dev.strata.bench.load.LoadRequest;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Sends requests at a fixed rate that take turns between two targets — request {@code i} goes to
 * target {@code i % 2} — so both see the same machine, the same moment and the same noise. Each
 * request is timed from its own send, not from its schedule: the run measures what a relay adds,
 * not the load generator's timer. In-flight requests are bounded per target; one beyond the bound
 * is counted as an error of its target instead of sent.
 */
final class InterleavedRun {

  /** The most requests in flight to one target. */
  static final int MAX_IN_FLIGHT = 256;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final Context context;
  private final HttpClient client;
  private final List<Target> targets;
  private final long rate;
  private final long total;
  private final CompletableFuture<List<StreamTimings.Result>> result = new CompletableFuture<>();
  private long startNanos;
  private long sent;
  private int inFlight;

  /**
   * @param first the target of even-numbered requests
   * @param second the target of odd-numbered requests
   */
  InterleavedRun(
      Context context,
      HttpClient client,
      LoadRequest first,
      LoadRequest second,
      int requestsPerSecond,
      Duration duration,
      Duration requestTimeout) {
    this.context = requireNonNull(context, "context");
    this.client = requireNonNull(client, "client");
    this.targets = List.of(new Target(first, requestTimeout), new Target(second, requestTimeout));
    this.rate = requestsPerSecond;
    this.total = Math.max(2, duration.toNanos() * requestsPerSecond / NANOS_PER_SECOND);
  }

  /** Starts on the context; completes with the first target's timings, then the second's. */
  CompletableFuture<List<StreamTimings.Result>> start() {
    context.runOnContext(
        ignored -> {
          startNanos = System.nanoTime();
          sendDue();
        });
    return result;
  }

  private void sendDue() {
    long now = System.nanoTime();
    long due = Math.min(total, (now - startNanos) * rate / NANOS_PER_SECOND + 1);
    for (; sent < due; sent++) {
      Target target = targets.get((int) (sent % 2));
      if (target.inFlight >= MAX_IN_FLIGHT) {
        target.timings.failed("more than " + MAX_IN_FLIGHT + " requests in flight");
        continue;
      }
      target.inFlight++;
      inFlight++;
      new ConverseStreamCall(
              client,
              new RequestOptions(target.options),
              target.body.copy(),
              target.timings,
              () -> callDone(target))
          .start();
    }
    if (sent < total) {
      long next = startNanos + sent * NANOS_PER_SECOND / rate;
      long delayMillis = Math.max(1, (next - System.nanoTime() + 999_999) / 1_000_000);
      context.owner().setTimer(delayMillis, id -> sendDue());
    } else {
      completeIfDrained();
    }
  }

  private void callDone(Target target) {
    target.inFlight--;
    inFlight--;
    completeIfDrained();
  }

  private void completeIfDrained() {
    if (sent == total && inFlight == 0) {
      result.complete(targets.stream().map(t -> t.timings.result()).toList());
    }
  }

  /** One target's request template and its timings. */
  private static final class Target {
    final RequestOptions options;
    final Buffer body;
    final StreamTimings timings = new StreamTimings();
    int inFlight;

    Target(LoadRequest request, Duration timeout) {
      this.options =
          new RequestOptions()
              .setMethod(HttpMethod.valueOf(request.method()))
              .setAbsoluteURI(request.uri().toString())
              .setConnectTimeout(timeout.toMillis())
              .setIdleTimeout(timeout.toMillis());
      request.headers().forEach(options::putHeader);
      this.body = Buffer.buffer(request.body());
    }
  }
}
