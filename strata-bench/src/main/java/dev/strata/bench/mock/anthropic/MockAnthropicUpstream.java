package dev.strata.bench.mock.anthropic;

import static java.util.Objects.requireNonNull;

import dev.strata.bench.mock.RecordedRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
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
 * An Anthropic Messages API upstream over real HTTP on 127.0.0.1 ({@code POST /v1/messages}, whole
 * or streamed as server-sent events, text or tool use, usage with cache reads and writes; with
 * {@link AnthropicMockSettings#nativeBatch()}, also the Message Batches API, whose requests run
 * through the same answers). Its settings can change while it runs, scripted outcomes inject
 * failures one request at a time, and it records what it received.
 *
 * <pre>{@code
 * try (var upstream = MockAnthropicUpstream.start()) {
 *   upstream.failNext(529, null, "overloaded_error", "Overloaded");
 *   // point a client at upstream.baseUrl() ...
 * }
 * }</pre>
 */
public final class MockAnthropicUpstream implements AutoCloseable {
  /** How many prefixes the prompt cache keeps before the least recently used go. */
  public static final int PROMPT_CACHE_ENTRIES = 100_000;

  /** How many of the latest requests are kept for {@link #recordedRequests()}. */
  public static final int RECORDED_REQUESTS = 100;

  private static final long TIMEOUT_SECONDS = 10;

  private final Vertx vertx;
  private final HttpServer server;
  private final AnthropicMockSettings initialSettings;
  private final AtomicReference<AnthropicMockSettings> settings;
  private final Queue<AnthropicOutcome> outcomes;
  private final RecentRequests recording;
  private final MockMessageBatches batches;
  private final MessageBatchesHandler batchesHandler;
  private final AtomicReference<Optional<MockPromptCache>> promptCache;
  private final AtomicBoolean closed = new AtomicBoolean();

  private MockAnthropicUpstream(
      Vertx vertx,
      HttpServer server,
      AnthropicMockSettings initialSettings,
      AtomicReference<AnthropicMockSettings> settings,
      Queue<AnthropicOutcome> outcomes,
      RecentRequests recording,
      MockMessageBatches batches,
      MessageBatchesHandler batchesHandler,
      AtomicReference<Optional<MockPromptCache>> promptCache) {
    this.vertx = vertx;
    this.promptCache = promptCache;
    this.server = server;
    this.initialSettings = initialSettings;
    this.settings = settings;
    this.outcomes = outcomes;
    this.recording = recording;
    this.batches = batches;
    this.batchesHandler = batchesHandler;
  }

  /** Starts on a free port with {@link AnthropicMockSettings#DEFAULTS}. */
  public static MockAnthropicUpstream start() {
    return start(AnthropicMockSettings.DEFAULTS);
  }

  /** Starts on a free port of 127.0.0.1. */
  public static MockAnthropicUpstream start(AnthropicMockSettings settings) {
    requireNonNull(settings, "settings");
    var current = new AtomicReference<>(settings);
    var outcomes = new ConcurrentLinkedQueue<AnthropicOutcome>();
    var recording = new RecentRequests(RECORDED_REQUESTS);
    var batches = new MockMessageBatches(Clock.systemUTC());
    var batchesHandler = new MessageBatchesHandler(batches);
    var promptCache = new AtomicReference<Optional<MockPromptCache>>(Optional.empty());
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    HttpServer server =
        vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0));
    try {
      await(
          server
              .requestHandler(
                  new MessagesHandler(
                      vertx, current::get, outcomes, recording, batchesHandler, promptCache::get))
              .listen());
    } catch (RuntimeException e) {
      await(vertx.close());
      throw e;
    }
    return new MockAnthropicUpstream(
        vertx,
        server,
        settings,
        current,
        outcomes,
        recording,
        batches,
        batchesHandler,
        promptCache);
  }

  /** The base URL an Anthropic client is given, {@code http://127.0.0.1:PORT} (no {@code /v1}). */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  public AnthropicMockSettings settings() {
    return settings.get();
  }

  /**
   * Plays (or, with false, stops playing) Anthropic's prompt cache on the system clock: usage then
   * reports cache reads, writes and the remaining input tokens the request's {@code cache_control}
   * breakpoints earn (see {@link #withPromptCaching(Clock)}); returns this mock.
   */
  public MockAnthropicUpstream withPromptCaching(boolean enabled) {
    return enabled ? withPromptCaching(Clock.systemUTC()) : withoutPromptCaching();
  }

  /**
   * Plays Anthropic's prompt cache with time from {@code clock}, starting empty: for each {@code
   * cache_control} breakpoint (tools, then system, then messages) the longest prefix written within
   * its ttl (5 minutes, or {@code "1h"}) and at least the model's minimum (4,096 tokens for Opus
   * 4.5/4.6 and Haiku 4.5, 2,048 for older Haiku, 1,024 otherwise; four characters a token) is read, and the longest new prefix is written.
   */
  public MockAnthropicUpstream withPromptCaching(Clock clock) {
    promptCache.set(Optional.of(new MockPromptCache(clock, PROMPT_CACHE_ENTRIES)));
    return this;
  }

  private MockAnthropicUpstream withoutPromptCaching() {
    promptCache.set(Optional.empty());
    return this;
  }

  /** Replaces the settings atomically; requests already being answered keep the old ones. */
  public void update(UnaryOperator<AnthropicMockSettings> change) {
    settings.updateAndGet(old -> requireNonNull(change.apply(old), "changed settings"));
  }

  /**
   * The next request gets an Anthropic error object ({@code {"type":"error","error":{"type",
   * "message"}}}) with this status, and a {@code Retry-After} header when {@code retryAfterSeconds}
   * is not null. Anthropic's types: {@code rate_limit_error} (429), {@code overloaded_error} (529),
   * {@code api_error} (500), {@code invalid_request_error} (400).
   */
  public void failNext(int status, Integer retryAfterSeconds, String errorType, String message) {
    OptionalInt retryAfter =
        retryAfterSeconds == null ? OptionalInt.empty() : OptionalInt.of(retryAfterSeconds);
    outcomes.add(new AnthropicOutcome.Fail(status, retryAfter, errorType, message));
  }

  /** The next request is read and never answered. */
  public void hangNext() {
    outcomes.add(new AnthropicOutcome.Hang());
  }

  /** The next request gets {@code afterEvents} stream events, then a dropped connection. */
  public void breakStreamNext(int afterEvents) {
    if (afterEvents < 0) {
      throw new IllegalArgumentException("afterEvents cannot be negative, was " + afterEvents);
    }
    outcomes.add(new AnthropicOutcome.BreakStream(afterEvents));
  }

  /** The next streamed request gets {@code afterEvents} events, then an {@code error} event. */
  public void errorEventNext(int afterEvents, String errorType, String message) {
    outcomes.add(new AnthropicOutcome.ErrorEvent(afterEvents, errorType, message));
  }

  /**
   * The next Message Batches request with this method and path, e.g. {@code ("POST",
   * "/v1/messages/batches")}, gets an Anthropic error with this status, type and message.
   */
  public void failNextBatchCall(
      String method, String path, int status, String errorType, String message) {
    batchesHandler.scriptNext(
        method, path, new AnthropicOutcome.Fail(status, OptionalInt.empty(), errorType, message));
  }

  /** The next Message Batches request with this method and path is read and never answered. */
  public void hangNextBatchCall(String method, String path) {
    batchesHandler.scriptNext(method, path, new AnthropicOutcome.Hang());
  }

  /**
   * The next batch created runs only its first {@code requestsRun} requests; the others end with
   * result type {@code expired}.
   */
  public void expireNextBatch(int requestsRun) {
    batches.expireNext(requestsRun);
  }

  /** The batch request with this {@code custom_id}, when it runs, errors with this type. */
  public void failBatchRequest(String customId, String errorType, String message) {
    batches.failRequest(customId, errorType, message);
  }

  /** Requests received since the start or the last {@link #reset()}. */
  public long requestCount() {
    return recording.count();
  }

  /** Requests received with this method on exactly this path since the start or last reset. */
  public long requestCount(String method, String path) {
    return recording.count(method, path);
  }

  /** Batch requests run (each as one model call) since the start or the last {@link #reset()}. */
  public long batchRequestsRun() {
    return batches.requestsRun();
  }

  /** The latest requests, oldest first, at most {@link #RECORDED_REQUESTS}. */
  public List<RecordedRequest> recordedRequests() {
    return recording.recent();
  }

  /** The latest request; throws when none was received. */
  public RecordedRequest lastRequest() {
    List<RecordedRequest> recent = recording.recent();
    if (recent.isEmpty()) {
      throw new IllegalStateException("the mock Anthropic upstream has received no request");
    }
    return recent.get(recent.size() - 1);
  }

  /**
   * Restores the start settings, drops queued outcomes and scripts, forgets recorded requests,
   * every batch and every cached prompt prefix.
   */
  public void reset() {
    settings.set(initialSettings);
    outcomes.clear();
    recording.clear();
    batchesHandler.clear();
    batches.clear();
    promptCache.get().ifPresent(MockPromptCache::clear);
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
    return "MockAnthropicUpstream[" + (closed.get() ? "closed" : baseUrl()) + "]";
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
