package dev.strata.bench.mock.bedrock;

import static java.util.Objects.requireNonNull;

import dev.strata.bench.mock.RecordedRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * An Amazon Bedrock runtime upstream over real HTTP on 127.0.0.1: {@code POST
 * /model/{modelId}/converse} (JSON) and {@code /converse-stream} ({@code
 * application/vnd.amazon.eventstream}), text or tool use, usage with cache reads and writes.
 * Scripted outcomes inject failures one request at a time; requests are recorded, headers included,
 * so that a test can see the SigV4 {@code Authorization} sent. Signatures are not verified.
 */
public final class MockBedrockRuntime implements AutoCloseable {
  /** How many of the latest requests are kept for {@link #recordedRequests()}. */
  public static final int RECORDED_REQUESTS = 100;

  private static final long TIMEOUT_SECONDS = 10;

  private final Vertx vertx;
  private final HttpServer server;
  private final BedrockMockSettings initialSettings;
  private final AtomicReference<BedrockMockSettings> settings;
  private final Queue<BedrockOutcome> outcomes;
  private final RecentRequests recording;
  private final AtomicBoolean closed = new AtomicBoolean();

  private MockBedrockRuntime(
      Vertx vertx,
      HttpServer server,
      BedrockMockSettings initialSettings,
      AtomicReference<BedrockMockSettings> settings,
      Queue<BedrockOutcome> outcomes,
      RecentRequests recording) {
    this.vertx = vertx;
    this.server = server;
    this.initialSettings = initialSettings;
    this.settings = settings;
    this.outcomes = outcomes;
    this.recording = recording;
  }

  /** Starts on a free port with {@link BedrockMockSettings#DEFAULTS}. */
  public static MockBedrockRuntime start() {
    return start(BedrockMockSettings.DEFAULTS);
  }

  /** Starts on a free port of 127.0.0.1. */
  public static MockBedrockRuntime start(BedrockMockSettings settings) {
    return start(settings, 0);
  }

  /** Starts on {@code port} of 127.0.0.1, or on a free one when it is 0. */
  public static MockBedrockRuntime start(BedrockMockSettings settings, int port) {
    requireNonNull(settings, "settings");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
    }
    var current = new AtomicReference<>(settings);
    var outcomes = new ConcurrentLinkedQueue<BedrockOutcome>();
    var recording = new RecentRequests(RECORDED_REQUESTS);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    HttpServer server =
        vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port));
    try {
      await(
          server
              .requestHandler(new ConverseHandler(vertx, current::get, outcomes, recording))
              .listen());
    } catch (RuntimeException e) {
      await(vertx.close());
      throw e;
    }
    return new MockBedrockRuntime(vertx, server, settings, current, outcomes, recording);
  }

  /** The endpoint override an AWS SDK client is given, {@code http://127.0.0.1:PORT}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  public BedrockMockSettings settings() {
    return settings.get();
  }

  /** Replaces the settings atomically; requests already being answered keep the old ones. */
  public void update(UnaryOperator<BedrockMockSettings> change) {
    settings.updateAndGet(old -> requireNonNull(change.apply(old), "changed settings"));
  }

  /**
   * The next request gets this status, an {@code x-amzn-ErrorType} header naming the error (e.g.
   * {@code ThrottlingException} with 429, {@code ValidationException} with 400, {@code
   * ServiceUnavailableException} with 503) and a {@code {"message"}} body.
   */
  public void failNext(int status, String errorType, String message) {
    outcomes.add(new BedrockOutcome.Fail(status, errorType, message));
  }

  /** The next streamed request gets {@code afterEvents} events, then a dropped connection. */
  public void breakStreamNext(int afterEvents) {
    if (afterEvents < 0) {
      throw new IllegalArgumentException("afterEvents cannot be negative, was " + afterEvents);
    }
    outcomes.add(new BedrockOutcome.BreakStream(afterEvents));
  }

  /** Requests received since the start or the last {@link #reset()}. */
  public long requestCount() {
    return recording.count();
  }

  /** The latest requests, oldest first, at most {@link #RECORDED_REQUESTS}. */
  public List<RecordedRequest> recordedRequests() {
    return recording.recent();
  }

  /** The latest request; throws when none was received. */
  public RecordedRequest lastRequest() {
    List<RecordedRequest> recent = recording.recent();
    if (recent.isEmpty()) {
      throw new IllegalStateException("the mock Bedrock runtime has received no request");
    }
    return recent.get(recent.size() - 1);
  }

  /** Restores the start settings, drops queued outcomes and forgets recorded requests. */
  public void reset() {
    settings.set(initialSettings);
    outcomes.clear();
    recording.clear();
  }

  /** Stops listening and closes every connection, including those of hanging requests. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      await(vertx.close());
    }
  }

  @Override
  public String toString() {
    return "MockBedrockRuntime[" + (closed.get() ? "closed" : baseUrl()) + "]";
  }

  private static <T> T await(Future<T> future) {
    try {
      return future
          .toCompletionStage()
          .toCompletableFuture()
          .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the mock upstream", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("mock upstream did not start or stop in time", e);
    }
  }
}
