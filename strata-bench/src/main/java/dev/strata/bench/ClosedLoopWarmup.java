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
 * Warms both targets up in a closed loop: {@code concurrency} requests per target are kept in
 * flight until the duration is over, so the JIT sees as many requests as the machine can serve
 * while no backlog builds up to spill into the measured rounds (a fixed rate above capacity would).
 */
final class ClosedLoopWarmup {

  private final Context context;
  private final HttpClient client;
  private final List<LoadRequest> targets;
  private final List<StreamTimings> timings = List.of(new StreamTimings(), new StreamTimings());
  private final int concurrency;
  private final Duration duration;
  private final Duration requestTimeout;
  private final CompletableFuture<List<StreamTimings.Result>> result = new CompletableFuture<>();
  private long deadlineNanos;
  private int working;

  ClosedLoopWarmup(
      Context context,
      HttpClient client,
      LoadRequest first,
      LoadRequest second,
      int concurrency,
      Duration duration,
      Duration requestTimeout) {
    this.context = requireNonNull(context, "context");
    this.client = requireNonNull(client, "client");
    this.targets = List.of(first, second);
    this.concurrency = concurrency;
    this.duration = requireNonNull(duration, "duration");
    this.requestTimeout = requireNonNull(requestTimeout, "requestTimeout");
  }

  /** Starts on the context; completes with the first target's timings, then the second's. */
  CompletableFuture<List<StreamTimings.Result>> start() {
    context.runOnContext(
        ignored -> {
          deadlineNanos = System.nanoTime() + duration.toNanos();
          working = 2 * concurrency;
          for (int worker = 0; worker < 2 * concurrency; worker++) {
            sendNext(worker % 2);
          }
        });
    return result;
  }

  private void sendNext(int target) {
    if (System.nanoTime() - deadlineNanos >= 0) {
      if (--working == 0) {
        result.complete(timings.stream().map(StreamTimings::result).toList());
      }
      return;
    }
    LoadRequest request = targets.get(target);
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.valueOf(request.method()))
            .setAbsoluteURI(request.uri().toString())
            .setConnectTimeout(requestTimeout.toMillis())
            .setIdleTimeout(requestTimeout.toMillis());
    request.headers().forEach(options::putHeader);
    // The next send is a new task, so a run of instant failures cannot grow the stack.
    new ConverseStreamCall(
            client,
            options,
            Buffer.buffer(request.body()),
            timings.get(target),
            () -> context.runOnContext(ignored -> sendNext(target)))
        .start();
  }
}
