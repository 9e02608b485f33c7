package dev.strata.bench.load;

import static java.util.Objects.requireNonNull;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends HTTP load to a loopback server with a Vert.x client and a bounded connection pool. Each run
 * blocks the calling thread until it ends by itself: after its duration, once every request has
 * been answered or has timed out.
 *
 * <pre>{@code
 * try (var load = new LoadGenerator(vertx, 256, Duration.ofSeconds(10))) {
 *   LoadResult result = load.fixedRate(request, 1000, Duration.ofSeconds(20));
 * }
 * }</pre>
 */
public final class LoadGenerator implements AutoCloseable {

  private static final int MAX_RATE = 100_000;
  private static final Duration MAX_DURATION = Duration.ofHours(1);
  private static final int WAIT_QUEUE_PER_CONNECTION = 64;
  private static final long SLACK_SECONDS = 30;

  private final Vertx vertx;
  private final HttpClientAgent client;
  private final int maxConnections;
  private final Duration requestTimeout;

  /**
   * @param maxConnections the pool's size; requests beyond it wait in a bounded queue, and that
   *     wait counts in their latency
   * @param requestTimeout the longest a request may take before it is reset and counted an error
   */
  public LoadGenerator(Vertx vertx, int maxConnections, Duration requestTimeout) {
    this.vertx = requireNonNull(vertx, "vertx");
    this.requestTimeout = requireNonNull(requestTimeout, "requestTimeout");
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be positive, was " + maxConnections);
    }
    if (requestTimeout.toMillis() < 1) {
      throw new IllegalArgumentException("requestTimeout must be at least 1 ms");
    }
    this.maxConnections = maxConnections;
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setKeepAlive(true)
                .setConnectTimeout((int) Math.min(requestTimeout.toMillis(), 5_000)),
            new PoolOptions()
                .setHttp1MaxSize(maxConnections)
                .setMaxWaitQueueSize(maxConnections * WAIT_QUEUE_PER_CONNECTION));
  }

  /**
   * Sends {@code requestsPerSecond × duration} requests at fixed intervals (open loop); latencies
   * are measured from each request's scheduled time.
   */
  public LoadResult fixedRate(LoadRequest request, int requestsPerSecond, Duration duration) {
    checkDuration(duration);
    if (requestsPerSecond < 1 || requestsPerSecond > MAX_RATE) {
      throw new IllegalArgumentException(
          "requestsPerSecond must be between 1 and " + MAX_RATE + ", was " + requestsPerSecond);
    }
    if (duration.toNanos() * requestsPerSecond < 1_000_000_000L) {
      throw new IllegalArgumentException("a run of " + duration + " at that rate sends nothing");
    }
    return await(new FixedRateRun(context(request), requestsPerSecond, duration).start(), duration);
  }

  /**
   * Keeps {@code concurrency} requests in flight for {@code duration} (closed loop); the result's
   * {@link LoadResult#requestsPerSecond()} is the throughput the server sustained.
   */
  public LoadResult closedLoop(LoadRequest request, int concurrency, Duration duration) {
    checkDuration(duration);
    if (concurrency < 1 || concurrency > maxConnections) {
      throw new IllegalArgumentException(
          "concurrency must be between 1 and maxConnections ("
              + maxConnections
              + "), was "
              + concurrency);
    }
    return await(new ClosedLoopRun(context(request), concurrency, duration).start(), duration);
  }

  @Override
  public void close() {
    awaitClosed(client.close());
  }

  private RunContext context(LoadRequest request) {
    requireNonNull(request, "request");
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.valueOf(request.method()))
            .setAbsoluteURI(request.uri().toString());
    request.headers().forEach(options::putHeader);
    return new RunContext(
        vertx,
        client,
        options,
        Buffer.buffer(request.body()),
        requestTimeout.toMillis(),
        new LoadStats());
  }

  private static void checkDuration(Duration duration) {
    requireNonNull(duration, "duration");
    if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
      throw new IllegalArgumentException(
          "duration must be positive and at most " + MAX_DURATION + ", was " + duration);
    }
  }

  private LoadResult await(CompletableFuture<LoadResult> run, Duration duration) {
    long bound = duration.plus(requestTimeout).toSeconds() + SLACK_SECONDS;
    try {
      return run.get(bound, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during a load run", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("load run did not end within " + bound + " s", e);
    }
  }

  private static void awaitClosed(Future<Void> closing) {
    try {
      closing.toCompletionStage().toCompletableFuture().get(SLACK_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("load generator's client did not close", e);
    }
  }
}
