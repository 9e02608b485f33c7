package dev.strata.bench.mock;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.strata.core.json.JsonMappers;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** Routes each request of the mock: records it, applies the next scripted outcome, answers. */
final class UpstreamHandler implements Handler<HttpServerRequest> {

  private static final ObjectMapper MAPPER = JsonMappers.create();
  private static final String CHAT = RequestChecks.CHAT;
  private static final String EMBEDDINGS = RequestChecks.EMBEDDINGS;

  private final Vertx vertx;
  private final Supplier<MockSettings> settings;
  private final Queue<MockOutcome> outcomes;
  private final RequestRecording recording;
  private final ChatReplies replies;
  private final BatchApiHandler batchApi;
  private final AtomicLong requestIds = new AtomicLong();

  UpstreamHandler(
      Vertx vertx,
      Supplier<MockSettings> settings,
      Queue<MockOutcome> outcomes,
      RequestRecording recording,
      ChatReplies replies,
      BatchApiHandler batchApi) {
    this.vertx = requireNonNull(vertx, "vertx");
    this.settings = requireNonNull(settings, "settings");
    this.outcomes = requireNonNull(outcomes, "outcomes");
    this.recording = requireNonNull(recording, "recording");
    this.replies = requireNonNull(replies, "replies");
    this.batchApi = requireNonNull(batchApi, "batchApi");
  }

  @Override
  public void handle(HttpServerRequest request) {
    request
        .body()
        .onSuccess(body -> dispatch(request, body))
        .onFailure(error -> request.connection().close());
  }

  private void dispatch(HttpServerRequest request, Buffer body) {
    String rawBody = body.toString(StandardCharsets.UTF_8);
    Optional<JsonNode> json = parse(rawBody);
    recording.record(
        new RecordedRequest(
            request.method().name(),
            request.path(),
            headers(request),
            rawBody,
            json.orElse(MissingNode.getInstance())));
    MockSettings current = settings.get();
    String route = request.method().name() + " " + request.path();
    request.response().putHeader("x-request-id", "req_mock" + requestIds.incrementAndGet());
    switch (route) {
      case "GET /v1/models" -> send(request, 200, ModelListJson.list(current.models()), -1);
      case "GET /health" -> send(request, 200, "{\"status\":\"ok\"}", -1);
      case CHAT, EMBEDDINGS -> {
        MockOutcome outcome = outcomes.poll();
        after(current.latency(), () -> answer(request, route, json, current, outcome));
      }
      default -> {
        if (current.nativeBatch() && BatchApiHandler.serves(request.path())) {
          batchApi.handle(request, body, json, current);
        } else {
          send(request, 404, OpenAiErrors.invalidRequest("Unknown URL: " + route), -1);
        }
      }
    }
  }

  private void answer(
      HttpServerRequest request,
      String route,
      Optional<JsonNode> json,
      MockSettings current,
      MockOutcome outcome) {
    switch (outcome) {
      case MockOutcome.Hang hang -> {}
      case MockOutcome.Fail failure -> fail(request, failure);
      case MockOutcome.OmitUsage omit -> replyIfValid(request, route, json, current, true, -1);
      case MockOutcome.BreakStream broken ->
          replyIfValid(request, route, json, current, false, broken.afterEvents());
      case null -> replyIfValid(request, route, json, current, false, -1);
    }
  }

  private void replyIfValid(
      HttpServerRequest request,
      String route,
      Optional<JsonNode> json,
      MockSettings current,
      boolean omitUsage,
      int breakAfter) {
    problem(request, route, json, current)
        .ifPresentOrElse(
            failure -> fail(request, failure),
            () -> reply(request, route, json.orElseThrow(), current, omitUsage, breakAfter));
  }

  private void reply(
      HttpServerRequest request,
      String route,
      JsonNode json,
      MockSettings current,
      boolean omitUsage,
      int breakAfter) {
    if (route.equals(EMBEDDINGS)) {
      send(request, 200, EmbeddingsJson.response(json, current.usage(), omitUsage), breakAfter);
      return;
    }
    ChatReply chatReply = replies.reply(json, current, omitUsage);
    if (!json.path("stream").asBoolean(false)) {
      send(request, 200, ChatCompletionJson.completion(chatReply), breakAfter);
      return;
    }
    boolean includeUsage = json.path("stream_options").path("include_usage").asBoolean(false);
    List<String> events =
        ChatCompletionJson.streamEvents(chatReply, current.streamChunks(), includeUsage);
    new EventStreamWriter(vertx, request, events, current.chunkDelay(), breakAfter).start();
  }

  /** The error a real upstream would give this request, if any; a scripted failure wins over it. */
  private static Optional<MockOutcome.Fail> problem(
      HttpServerRequest request, String route, Optional<JsonNode> json, MockSettings current) {
    return RequestChecks.unauthorized(request.getHeader("authorization"), current)
        .or(() -> RequestChecks.body(route, json, current));
  }

  private static void fail(HttpServerRequest request, MockOutcome.Fail failure) {
    failure
        .retryAfterSeconds()
        .ifPresent(
            seconds -> request.response().putHeader("retry-after", Integer.toString(seconds)));
    send(request, failure.status(), failure.body(), -1);
  }

  /** Sends a body; with {@code breakAfter >= 0}, sends only half of it and drops the connection. */
  private static void send(HttpServerRequest request, int status, String body, int breakAfter) {
    HttpServerResponse response = request.response().setStatusCode(status);
    response.putHeader("content-type", body.startsWith("{") ? "application/json" : "text/plain");
    if (breakAfter < 0) {
      response.end(body);
      return;
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    response.putHeader("content-length", Integer.toString(bytes.length));
    response
        .write(Buffer.buffer(Arrays.copyOf(bytes, bytes.length / 2)))
        .onComplete(written -> request.connection().close());
  }

  private void after(Duration delay, Runnable action) {
    if (delay.isZero()) {
      action.run();
    } else {
      vertx.setTimer(Math.max(1, delay.toMillis()), timer -> action.run());
    }
  }

  private static Optional<JsonNode> parse(String body) {
    if (body.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(MAPPER.readTree(body));
    } catch (IOException notJson) {
      return Optional.empty();
    }
  }

  private static Map<String, List<String>> headers(HttpServerRequest request) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String name : request.headers().names()) {
      headers.put(name, request.headers().getAll(name));
    }
    return headers;
  }
}
