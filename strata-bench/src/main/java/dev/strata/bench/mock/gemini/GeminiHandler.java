package dev.strata.bench.mock.gemini;

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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Queue;
import java.util.function.Supplier;

/** Records each request, applies the next scripted outcome and answers as Gemini would. */
final class GeminiHandler implements Handler<HttpServerRequest> {
  private static final ObjectMapper MAPPER = JsonMappers.create();

  private final Vertx vertx;
  private final Supplier<GeminiMockSettings> settings;
  private final Queue<GeminiOutcome> outcomes;
  private final RecentRequests recording;

  GeminiHandler(
      Vertx vertx,
      Supplier<GeminiMockSettings> settings,
      Queue<GeminiOutcome> outcomes,
      RecentRequests recording) {
    this.vertx = requireNonNull(vertx, "vertx");
    this.settings = requireNonNull(settings, "settings");
    this.outcomes = requireNonNull(outcomes, "outcomes");
    this.recording = requireNonNull(recording, "recording");
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
    Optional<ModelMethod> route = ModelMethod.of(request.method().name(), request.path());
    if (route.isEmpty()) {
      fail(request, new GeminiOutcome.Fail(404, OptionalInt.empty(), "NOT_FOUND", "Not found"));
      return;
    }
    GeminiMockSettings current = settings.get();
    GeminiOutcome outcome = outcomes.poll();
    if (current.latency().isZero()) {
      answer(request, route.get(), json, current, outcome);
    } else {
      vertx.setTimer(
          Math.max(1, current.latency().toMillis()),
          timer -> answer(request, route.get(), json, current, outcome));
    }
  }

  private void answer(
      HttpServerRequest request,
      ModelMethod route,
      JsonNode json,
      GeminiMockSettings current,
      GeminiOutcome outcome) {
    if (request.response().closed()) {
      return;
    }
    switch (outcome) {
      case GeminiOutcome.Hang hang -> {}
      case GeminiOutcome.Fail failure -> fail(request, failure);
      case GeminiOutcome.BreakStream broken ->
          reply(request, route, json, current, broken.afterEvents());
      case null -> reply(request, route, json, current, -1);
    }
  }

  private void reply(
      HttpServerRequest request,
      ModelMethod route,
      JsonNode json,
      GeminiMockSettings current,
      int breakAfter) {
    Optional<GeminiOutcome.Fail> problem = problem(request, json, current);
    if (problem.isPresent()) {
      fail(request, problem.get());
      return;
    }
    Optional<String> function = GenerateContentJson.functionName(json, current);
    if (!route.stream()) {
      String body = GenerateContentJson.response(route.model(), current, function);
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
    if (!"sse".equals(request.getParam("alt"))) {
      fail(request, invalid(400, "INVALID_ARGUMENT", "the mock streams only with alt=sse").get());
      return;
    }
    List<String> events = GenerateContentJson.streamEvents(route.model(), current, function);
    new SseWriter(vertx, request, events, current.chunkDelay(), breakAfter).start();
  }

  /** The error the real API would give this request, if any. */
  private static Optional<GeminiOutcome.Fail> problem(
      HttpServerRequest request, JsonNode json, GeminiMockSettings current) {
    if (current.requiredApiKey().isPresent()) {
      String key = current.requiredApiKey().get();
      if (!key.equals(request.getHeader("x-goog-api-key"))
          && !key.equals(request.getParam("key"))) {
        return invalid(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.");
      }
    }
    if (!json.isObject()) {
      return invalid(400, "INVALID_ARGUMENT", "Invalid JSON payload received.");
    }
    if (!json.path("contents").isArray() || json.path("contents").isEmpty()) {
      return invalid(
          400, "INVALID_ARGUMENT", "* GenerateContentRequest.contents: contents is not specified");
    }
    return Optional.empty();
  }

  private static Optional<GeminiOutcome.Fail> invalid(int status, String type, String message) {
    return Optional.of(new GeminiOutcome.Fail(status, OptionalInt.empty(), type, message));
  }

  private static void fail(HttpServerRequest request, GeminiOutcome.Fail failure) {
    failure
        .retryAfterSeconds()
        .ifPresent(
            seconds -> request.response().putHeader("retry-after", Integer.toString(seconds)));
    request
        .response()
        .setStatusCode(failure.status())
        .putHeader("content-type", "application/json")
        .end(
            GenerateContentJson.error(
                failure.status(),
                failure.rpcStatus(),
                failure.message(),
                failure.retryAfterSeconds().isPresent()
                    ? failure.retryAfterSeconds().getAsInt()
                    : null));
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
