package dev.strata.bench.mock;

import static java.util.Objects.requireNonNull;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.time.Clock;
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
 * An OpenAI-compatible upstream over real HTTP on 127.0.0.1, for tests and benchmarks: {@code POST
 * /v1/chat/completions} (whole or streamed, text or tool calls), {@code POST /v1/embeddings} and
 * {@code GET /v1/models} (and {@code GET /health}, so it can stand in for a gateway); with {@link
 * MockSettings#nativeBatch()}, also OpenAI's Files and Batches APIs, whose batches run each line
 * through the same replies as on-demand calls. Its {@link MockSettings} can be changed while it
 * runs, scripted {@link MockOutcome}s inject failures one request at a time, and it records what it
 * received.
 *
 * <pre>{@code
 * try (var upstream = MockOpenAiUpstream.start()) {
 *   upstream.failNext(429, 2, "Slow down");
 *   // point a client at upstream.baseUrl() ...
 *   assertThat(upstream.lastRequest().header("authorization")).contains("Bearer sk-test");
 * }
 * }</pre>
 */
public final class MockOpenAiUpstream implements AutoCloseable {

  /** How many of the latest requests are kept for {@link #recordedRequests()}. */
  public static final int RECORDED_REQUESTS = 100;

  private static final long TIMEOUT_SECONDS = 10;

  private final Vertx vertx;
  private final HttpServer server;
  private final MockSettings initialSettings;
  private final AtomicReference<MockSettings> settings;
  private final Queue<MockOutcome> outcomes;
  private final RequestRecording recording;
  private final MockFiles files;
  private final MockBatches batches;
  private final BatchApiHandler batchApi;
  private final AtomicBoolean closed = new AtomicBoolean();

  private MockOpenAiUpstream(
      Vertx vertx,
      HttpServer server,
      MockSettings initialSettings,
      AtomicReference<MockSettings> settings,
      Queue<MockOutcome> outcomes,
      RequestRecording recording,
      MockFiles files,
      MockBatches batches,
      BatchApiHandler batchApi) {
    this.vertx = vertx;
    this.server = server;
    this.initialSettings = initialSettings;
    this.settings = settings;
    this.outcomes = outcomes;
    this.recording = recording;
    this.files = files;
    this.batches = batches;
    this.batchApi = batchApi;
  }

  /** Starts on a free port with {@link MockSettings#DEFAULTS}. */
  public static MockOpenAiUpstream start() {
    return start(0, MockSettings.DEFAULTS);
  }

  /** Starts on a free port. */
  public static MockOpenAiUpstream start(MockSettings settings) {
    return start(0, settings);
  }

  /** Starts on {@code port} of 127.0.0.1, or on a free port when {@code port} is 0. */
  public static MockOpenAiUpstream start(int port, MockSettings settings) {
    requireNonNull(settings, "settings");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
    }
    var current = new AtomicReference<>(settings);
    var outcomes = new ConcurrentLinkedQueue<MockOutcome>();
    var recording = new RequestRecording(RECORDED_REQUESTS);
    Clock clock = Clock.systemUTC();
    var replies = new ChatReplies(clock);
    var files = new MockFiles();
    var batches = new MockBatches(files, replies, clock);
    var batchApi = new BatchApiHandler(files, batches, clock);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    var handler = new UpstreamHandler(vertx, current::get, outcomes, recording, replies, batchApi);
    HttpServer server =
        vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port));
    try {
      await(server.requestHandler(handler).listen());
    } catch (RuntimeException e) {
      await(vertx.close());
      throw new IllegalStateException("mock upstream cannot listen on 127.0.0.1:" + port, e);
    }
    return new MockOpenAiUpstream(
        vertx, server, settings, current, outcomes, recording, files, batches, batchApi);
  }

  /** The OpenAI base URL, {@code http://127.0.0.1:PORT/v1}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port() + "/v1";
  }

  public int port() {
    return server.actualPort();
  }

  public MockSettings settings() {
    return settings.get();
  }

  /** Replaces the settings atomically; requests already being answered keep the old ones. */
  public void update(UnaryOperator<MockSettings> change) {
    settings.updateAndGet(old -> requireNonNull(change.apply(old), "changed settings"));
  }

  /** Queues an outcome for a later model request; each model request consumes one. */
  public void enqueue(MockOutcome outcome) {
    outcomes.add(requireNonNull(outcome, "outcome"));
  }

  /**
   * The next model request gets an OpenAI error with this status and message, with a {@code
   * Retry-After} header when {@code retryAfterSeconds} is not null.
   */
  public void failNext(int status, Integer retryAfterSeconds, String message) {
    OptionalInt retryAfter =
        retryAfterSeconds == null ? OptionalInt.empty() : OptionalInt.of(retryAfterSeconds);
    enqueue(MockOutcome.Fail.openAiError(status, retryAfter, message));
  }

  /** The next model request is read and never answered. */
  public void hangNext() {
    enqueue(new MockOutcome.Hang());
  }

  /** The next model request gets {@code afterEvents} stream events, then a dropped connection. */
  public void breakStreamNext(int afterEvents) {
    enqueue(new MockOutcome.BreakStream(afterEvents));
  }

  /** The next model request is answered without usage. */
  public void omitUsageNext() {
    enqueue(new MockOutcome.OmitUsage());
  }

  /**
   * The next Files or Batches request with this method and path, e.g. {@code ("POST",
   * "/v1/batches")}, gets an OpenAI error with this status and message, with a {@code Retry-After}
   * header when {@code retryAfterSeconds} is not null.
   */
  public void failNextBatchCall(
      String method, String path, int status, Integer retryAfterSeconds, String message) {
    OptionalInt retryAfter =
        retryAfterSeconds == null ? OptionalInt.empty() : OptionalInt.of(retryAfterSeconds);
    batchApi.scriptNext(method, path, MockOutcome.Fail.openAiError(status, retryAfter, message));
  }

  /**
   * The next Files or Batches request with this method and path is read and never answered (its
   * effect, such as creating a batch, does not happen).
   */
  public void hangNextBatchCall(String method, String path) {
    batchApi.scriptNext(method, path, new MockOutcome.Hang());
  }

  /** The next batch created fails validation with this error (status {@code failed}). */
  public void failNextBatch(String code, String message) {
    batches.scriptNext(new BatchScript.Fail(code, message));
  }

  /**
   * The next batch created runs only its first {@code linesRun} lines, then expires; the other
   * lines are in its error file with code {@code batch_expired}.
   */
  public void expireNextBatch(int linesRun) {
    batches.scriptNext(new BatchScript.Expire(linesRun));
  }

  /** The batch line with this {@code custom_id}, when it runs, gets this OpenAI error. */
  public void failBatchLine(String customId, int status, String message) {
    batches.failLine(customId, MockOutcome.Fail.openAiError(status, OptionalInt.empty(), message));
  }

  /** Requests received since the start or the last {@link #reset()}, on any path. */
  public long requestCount() {
    return recording.count();
  }

  /**
   * Requests received with this method on exactly this path, e.g. {@code ("POST",
   * "/v1/chat/completions")}, since the start or the last {@link #reset()}.
   */
  public long requestCount(String method, String path) {
    return recording.count(method, path);
  }

  /** Batch lines run (each as one model call), since the start or the last {@link #reset()}. */
  public long batchLinesRun() {
    return batches.linesRun();
  }

  /** The latest requests, oldest first, at most {@link #RECORDED_REQUESTS}. */
  public List<RecordedRequest> recordedRequests() {
    return recording.recent();
  }

  /** The latest request; throws when none was received. */
  public RecordedRequest lastRequest() {
    List<RecordedRequest> recent = recording.recent();
    if (recent.isEmpty()) {
      throw new IllegalStateException("the mock upstream has received no request");
    }
    return recent.get(recent.size() - 1);
  }

  /**
   * Restores the start settings, drops queued outcomes and scripts, forgets recorded requests and
   * every file and batch.
   */
  public void reset() {
    settings.set(initialSettings);
    outcomes.clear();
    recording.clear();
    batchApi.clear();
    batches.clear();
    files.clear();
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
    return "MockOpenAiUpstream[" + (closed.get() ? "closed" : baseUrl()) + "]";
  }

  /**
   * Runs a mock upstream until the process is stopped. Flags: {@code --port}, {@code --latency-ms},
   * {@code --chunks}, {@code --chunk-delay-ms}, {@code --text}, {@code --usage P,C,CACHED}, {@code
   * --tool-call JSON}, {@code --unknown-model}, {@code --models}, {@code --api-key}, {@code
   * --native-batch}, {@code --batch-delay-ms}; {@code --help} explains them.
   */
  public static void main(String[] args) {
    MockCommandLine.run(args);
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
