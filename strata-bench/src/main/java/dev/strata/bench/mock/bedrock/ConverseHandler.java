package dev.strata.bench.mock.bedrock;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Records each request, applies the next scripted outcome and answers as Bedrock would. */
final class ConverseHandler implements Handler<HttpServerRequest> {
  private static final ObjectMapper MAPPER = JsonMappers.create();
  private static final Pattern PATH = Pattern.compile("/model/([^/]+)/(converse|converse-stream)");

  private final Vertx vertx;
  private final Supplier<BedrockMockSettings> settings;
  private final Queue<BedrockOutcome> outcomes;
  private final RecentRequests recording;

  ConverseHandler(
      Vertx vertx,
      Supplier<BedrockMockSettings> settings,
      Queue<BedrockOutcome> outcomes,
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
    Matcher matcher = PATH.matcher(request.path());
    if (!request.method().name().equals("POST") || !matcher.matches()) {
      fail(request, new BedrockOutcome.Fail(404, "ResourceNotFoundException", "Not found"));
      return;
    }
    boolean stream = matcher.group(2).equals("converse-stream");
    BedrockMockSettings current = settings.get();
    BedrockOutcome outcome = outcomes.poll();
    if (current.latency().isZero()) {
      answer(request, json, stream, current, outcome);
    } else {
      vertx.setTimer(
          Math.max(1, current.latency().toMillis()),
          timer -> answer(request, json, stream, current, outcome));
    }
  }

  private void answer(
      HttpServerRequest request,
      JsonNode json,
      boolean stream,
      BedrockMockSettings current,
      BedrockOutcome outcome) {
    if (request.response().closed()) {
      return;
    }
    if (outcome instanceof BedrockOutcome.Fail failure) {
      fail(request, failure);
      return;
    }
    if (!json.path("messages").isArray()) {
      fail(request, new BedrockOutcome.Fail(400, "ValidationException", "messages is required"));
      return;
    }
    BedrockMockSettings effective = offersTools(json) ? current : current.withoutToolCall();
    if (!stream) {
      request
          .response()
          .putHeader("content-type", "application/json")
          .end(ConverseJson.answer(effective));
      return;
    }
    List<byte[]> events = ConverseJson.events(effective);
    int limit =
        outcome instanceof BedrockOutcome.BreakStream broken
            ? Math.min(broken.afterEvents(), events.size())
            : events.size();
    Buffer all = Buffer.buffer();
    for (byte[] event : events.subList(0, limit)) {
      all.appendBytes(event);
    }
    request
        .response()
        .setStatusCode(200)
        .putHeader("content-type", "application/vnd.amazon.eventstream")
        .setChunked(true);
    if (limit < events.size()) {
      request.response().write(all).onComplete(written -> request.connection().close());
    } else {
      request.response().end(all);
    }
  }

  /** Like Bedrock, the mock calls a tool only when the request's {@code toolConfig} offers one. */
  private static boolean offersTools(JsonNode json) {
    return json.path("toolConfig").path("tools").size() > 0;
  }

  private static void fail(HttpServerRequest request, BedrockOutcome.Fail failure) {
    request
        .response()
        .setStatusCode(failure.status())
        .putHeader("content-type", "application/json")
        .putHeader("x-amzn-ErrorType", failure.errorType())
        .end(ConverseJson.error(failure.message()));
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
