package dev.strata.bench.mock.anthropic;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.strata.bench.mock.RecordedRequest;
import dev.strata.core.json.JsonMappers;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** Records each request, applies the next scripted outcome and answers as Anthropic would. */
final class MessagesHandler implements Handler<HttpServerRequest> {
  private static final ObjectMapper MAPPER = JsonMappers.create();

  private final Vertx vertx;
  private final Supplier<AnthropicMockSettings> settings;
  private final Queue<AnthropicOutcome> outcomes;
  private final RecentRequests recording;
  private final MessageBatchesHandler batches;
  private final Supplier<Optional<MockPromptCache>> promptCache;
  private final AtomicLong ids = new AtomicLong();

  MessagesHandler(
      Vertx vertx,
      Supplier<AnthropicMockSettings> settings,
      Queue<AnthropicOutcome> outcomes,
      RecentRequests recording,
      MessageBatchesHandler batches,
      Supplier<Optional<MockPromptCache>> promptCache) {
    this.vertx = requireNonNull(vertx, "vertx");
    this.settings = requireNonNull(settings, "settings");
    this.outcomes = requireNonNull(outcomes, "outcomes");
    this.recording = requireNonNull(recording, "recording");
    this.batches = requireNonNull(batches, "batches");
    this.promptCache = requireNonNull(promptCache, "promptCache");
  }

  @Override
  public void handle(HttpServerRequest request) {
    request
        .body()
        .onSuccess(body -> dispatch(request, body.toString(StandardCharsets.UTF_8)))
        .onFailure(error -> request.connection().close());
  }

  private void dispatch(HttpServerRequest request, String rawBody) {
    JsonNode json = parse(rawBody);
    recording.record(
        new RecordedRequest(
            request.method().name(), request.path(), headers(request), rawBody, json));
    long id = ids.incrementAndGet();
    request.response().putHeader("request-id", "req_mock" + id);
    AnthropicMockSettings current = settings.get();
    if (current.nativeBatch() && MessageBatchesHandler.serves(request.path())) {
      batches.handle(request, json, current, baseUrl(request));
      return;
    }
    if (!(request.method().name() + " " + request.path()).equals("POST /v1/messages")) {
      fail(
          request,
          new AnthropicOutcome.Fail(404, OptionalInt.empty(), "not_found_error", "Not found"));
      return;
    }
    AnthropicOutcome outcome = outcomes.poll();
    if (current.latency().isZero()) {
      answer(request, json, current, outcome, id);
    } else {
      vertx.setTimer(
          Math.max(1, current.latency().toMillis()),
          timer -> answer(request, json, current, outcome, id));
    }
  }

  private void answer(
      HttpServerRequest request,
      JsonNode json,
      AnthropicMockSettings current,
      AnthropicOutcome outcome,
      long id) {
    if (request.response().closed()) {
      return;
    }
    switch (outcome) {
      case AnthropicOutcome.Hang hang -> {}
      case AnthropicOutcome.Fail failure -> fail(request, failure);
      case AnthropicOutcome.BreakStream broken ->
          reply(request, json, current, id, broken.afterEvents(), null);
      case AnthropicOutcome.ErrorEvent error -> reply(request, json, current, id, -1, error);
      case null -> reply(request, json, current, id, -1, null);
    }
  }

  private void reply(
      HttpServerRequest request,
      JsonNode json,
      AnthropicMockSettings settings,
      long id,
      int breakAfter,
      AnthropicOutcome.ErrorEvent errorEvent) {
    Optional<AnthropicOutcome.Fail> problem = problem(request, json, settings);
    if (problem.isPresent()) {
      fail(request, problem.get());
      return;
    }
    AnthropicMockSettings current =
        promptCache
            .get()
            .map(cache -> settings.withUsage(cache.usage(json, settings.usage().outputTokens())))
            .orElse(settings);
    String messageId = "msg_mock" + id;
    String model = json.path("model").asText();
    Optional<MessagesJson.ToolCall> call = MessagesJson.toolCall(json, current, id);
    if (!json.path("stream").asBoolean(false)) {
      String body = MessagesJson.message(messageId, model, current, call);
      if (breakAfter < 0) {
        request.response().putHeader("content-type", "application/json").end(body);
      } else {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        request
            .response()
            .putHeader("content-type", "application/json")
            .putHeader("content-length", Integer.toString(bytes.length))
            .write(Buffer.buffer(Arrays.copyOf(bytes, bytes.length / 2)))
            .onComplete(written -> request.connection().close());
      }
      return;
    }
    List<String> events = MessagesJson.streamEvents(messageId, model, current, call);
    if (errorEvent != null) {
      int keep = Math.min(errorEvent.afterEvents(), events.size());
      events = new ArrayList<>(events.subList(0, keep));
      events.add(MessagesJson.errorEvent(errorEvent.errorType(), errorEvent.message()));
    }
    new SseWriter(vertx, request, events, current.chunkDelay(), breakAfter).start();
  }

  /** The base URL the client reached this mock at, for links such as a batch's results. */
  private static String baseUrl(HttpServerRequest request) {
    HostAndPort authority = request.authority();
    String host = authority == null ? "127.0.0.1" : authority.host();
    int port =
        authority == null || authority.port() < 0
            ? request.localAddress().port()
            : authority.port();
    return "http://" + host + ":" + port;
  }

  /** The error the real API would give this request, if any. */
  private static Optional<AnthropicOutcome.Fail> problem(
      HttpServerRequest request, JsonNode json, AnthropicMockSettings current) {
    return headerProblem(request, current).or(() -> bodyProblem(json));
  }

  /** The error the real API gives a request without the key or the API version. */
  static Optional<AnthropicOutcome.Fail> headerProblem(
      HttpServerRequest request, AnthropicMockSettings current) {
    if (current.requiredApiKey().isPresent()) {
      String key = current.requiredApiKey().get();
      boolean keyed =
          key.equals(request.getHeader("x-api-key"))
              || ("Bearer " + key).equals(request.getHeader("authorization"));
      if (!keyed) {
        return invalid(401, "authentication_error", "invalid x-api-key");
      }
    }
    if (request.getHeader("anthropic-version") == null) {
      return invalid(400, "invalid_request_error", "anthropic-version: header is required");
    }
    return Optional.empty();
  }

  /** The error the real API gives a Messages request with this body, if any. */
  static Optional<AnthropicOutcome.Fail> bodyProblem(JsonNode json) {
    if (!json.isObject()) {
      return invalid(400, "invalid_request_error", "The request body is not valid JSON.");
    }
    if (json.path("model").asText("").isEmpty()) {
      return invalid(400, "invalid_request_error", "model: Field required");
    }
    if (!json.path("max_tokens").isIntegralNumber()) {
      return invalid(400, "invalid_request_error", "max_tokens: Field required");
    }
    if (!json.path("messages").isArray()) {
      return invalid(400, "invalid_request_error", "messages: Field required");
    }
    return Optional.empty();
  }

  private static Optional<AnthropicOutcome.Fail> invalid(int status, String type, String message) {
    return Optional.of(new AnthropicOutcome.Fail(status, OptionalInt.empty(), type, message));
  }

  static void fail(HttpServerRequest request, AnthropicOutcome.Fail failure) {
    failure
        .retryAfterSeconds()
        .ifPresent(
            seconds -> request.response().putHeader("retry-after", Integer.toString(seconds)));
    request
        .response()
        .setStatusCode(failure.status())
        .putHeader("content-type", "application/json")
        .end(MessagesJson.errorBody(failure.errorType(), failure.message()));
  }

  private static JsonNode parse(String body) {
    try {
      JsonNode json = body.isBlank() ? null : MAPPER.readTree(body);
      return json == null ? MissingNode.getInstance() : json;
    } catch (IOException notJson) {
      return MissingNode.getInstance();
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
