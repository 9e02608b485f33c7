package dev.strata.bench.mock.gemini;

import static java.util.Objects.requireNonNull;

import dev.strata.bench.mock.RecordedRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.List;
import java.util.OptionalInt;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * A Google Gemini API upstream over real HTTP on 127.0.0.1 ({@code POST
 * /v1beta/models/{model}:generateContent} and {@code :streamGenerateContent?alt=sse}, text or
 * function calls, usage with cached tokens). Its settings can change while it runs, scripted
 * outcomes inject failures one request at a time, and it records what it received.
 *
 * <pre>{@code
 * try (var upstream = MockGeminiUpstream.start()) {
 *   upstream.failNext(429, 3, "RESOURCE_EXHAUSTED", "Quota exceeded");
 *   // point a client at upstream.baseUrl() ...
 * }
 * }</pre>
 */
public final class MockGeminiUpstream implements AutoCloseable {
  /** How many of the latest requests are kept for {@link #recordedRequests()}. */
  public static final int RECORDED_REQUESTS = 100;

  private static final long TIMEOUT_SECONDS = 10;

  private final Vertx vertx;
  private final HttpServer server;
  private final GeminiMockSettings initialSettings;
  private final AtomicReference<GeminiMockSettings> settings;
  private final Queue<GeminiOutcome> outcomes;
  private final RecentRequests recording;
  private final AtomicBoolean closed = new AtomicBoolean();

  private MockGeminiUpstream(
      Vertx vertx,
      HttpServer server,
      GeminiMockSettings initialSettings,
      AtomicReference<GeminiMockSettings> settings,
      Queue<GeminiOutcome> outcomes,
      RecentRequests recording) {
    this.vertx = vertx;
    this.server = server;
    this.initialSettings = initialSettings;
    this.settings = settings;
    this.outcomes = outcomes;
    this.recording = recording;
  }

  /** Starts on a free port with {@link GeminiMockSettings#DEFAULTS}. */
  public static MockGeminiUpstream start() {
    return start(GeminiMockSettings.DEFAULTS);
  }

  /** Starts on a free port of 127.0.0.1. */
  public static MockGeminiUpstream start(GeminiMockSettings settings) {
    requireNonNull(settings, "settings");
    var current = new AtomicReference<>(settings);
    var outcomes = new ConcurrentLinkedQueue<GeminiOutcome>();
    var recording = new RecentRequests(RECORDED_REQUESTS);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    HttpServer server =
        vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0));
    try {
      await(
          server
              .requestHandler(new GeminiHandler(vertx, current::get, outcomes, recording))
              .listen());
    } catch (RuntimeException e) {
      await(vertx.close());
      throw e;
    }
    return new MockGeminiUpstream(vertx, server, settings, current, outcomes, recording);
  }

  /** The API root, {@code http://127.0.0.1:PORT} ({@code /v1beta/...} is appended to it). */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  public GeminiMockSettings settings() {
    return settings.get();
  }

  /** Replaces the settings atomically; requests already being answered keep the old ones. */
  public void update(UnaryOperator<GeminiMockSettings> change) {
    settings.updateAndGet(old -> requireNonNull(change.apply(old), "changed settings"));
  }

  /**
   * The next model request gets a Google error object ({@code {"error":{"code","message",
   * "status"}}}) with this HTTP status and RPC status name; with {@code retryAfterSeconds} not
   * null, a {@code Retry-After} header and a {@code RetryInfo} detail too. Google's pairs: 400
   * {@code INVALID_ARGUMENT}, 403 {@code PERMISSION_DENIED}, 404 {@code NOT_FOUND}, 429 {@code
   * RESOURCE_EXHAUSTED}, 500 {@code INTERNAL}, 503 {@code UNAVAILABLE}.
   */
  public void failNext(int status, Integer retryAfterSeconds, String rpcStatus, String message) {
    OptionalInt retryAfter =
        retryAfterSeconds == null ? OptionalInt.empty() : OptionalInt.of(retryAfterSeconds);
    outcomes.add(new GeminiOutcome.Fail(status, retryAfter, rpcStatus, message));
  }

  /** The next request is read and never answered. */
  public void hangNext() {
    outcomes.add(new GeminiOutcome.Hang());
  }

  /** The next request gets {@code afterEvents} stream events, then a dropped connection. */
  public void breakStreamNext(int afterEvents) {
    if (afterEvents < 0) {
      throw new IllegalArgumentException("afterEvents cannot be negative, was " + afterEvents);
    }
    outcomes.add(new GeminiOutcome.BreakStream(afterEvents));
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
      throw new IllegalStateException("the mock Gemini upstream has received no request");
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
    return "MockGeminiUpstream[" + (closed.get() ? "closed" : baseUrl()) + "]";
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
