package dev.strata.bench.mock.anthropic;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves Anthropic's Message Batches API for the mock: {@code POST /v1/messages/batches} (create),
 * {@code GET /v1/messages/batches/{id}} (retrieve), {@code GET .../{id}/results} (JSONL results)
 * and {@code POST .../{id}/cancel}.
 */
final class MessageBatchesHandler {
  private static final String BATCHES = "/v1/messages/batches";
  private static final Pattern BATCH = Pattern.compile("/v1/messages/batches/([^/]+)");
  private static final Pattern RESULTS = Pattern.compile("/v1/messages/batches/([^/]+)/results");
  private static final Pattern CANCEL = Pattern.compile("/v1/messages/batches/([^/]+)/cancel");

  private final MockMessageBatches batches;
  private final Map<String, Queue<AnthropicOutcome>> scripted = new ConcurrentHashMap<>();

  MessageBatchesHandler(MockMessageBatches batches) {
    this.batches = requireNonNull(batches, "batches");
  }

  /** Whether {@code path} belongs to the Message Batches API. */
  static boolean serves(String path) {
    return path.equals(BATCHES) || path.startsWith(BATCHES + "/");
  }

  /** The next request with this method and path gets {@code outcome} (a failure or a hang). */
  void scriptNext(String method, String path, AnthropicOutcome outcome) {
    requireNonNull(outcome, "outcome");
    scripted
        .computeIfAbsent(method + " " + path, route -> new ConcurrentLinkedQueue<>())
        .add(outcome);
  }

  void clear() {
    scripted.clear();
  }

  void handle(
      HttpServerRequest request, JsonNode json, AnthropicMockSettings settings, String baseUrl) {
    String method = request.method().name();
    String path = request.path();
    Queue<AnthropicOutcome> queue = scripted.get(method + " " + path);
    AnthropicOutcome outcome = queue == null ? null : queue.poll();
    if (outcome instanceof AnthropicOutcome.Hang) {
      return;
    }
    Optional<AnthropicOutcome.Fail> failure =
        outcome instanceof AnthropicOutcome.Fail fail
            ? Optional.of(fail)
            : MessagesHandler.headerProblem(request, settings);
    if (failure.isPresent()) {
      MessagesHandler.fail(request, failure.get());
      return;
    }
    Matcher matcher;
    if (path.equals(BATCHES) && method.equals("POST")) {
      create(request, json, settings, baseUrl);
    } else if ((matcher = RESULTS.matcher(path)).matches() && method.equals("GET")) {
      results(request, matcher.group(1));
    } else if ((matcher = CANCEL.matcher(path)).matches() && method.equals("POST")) {
      String id = matcher.group(1);
      batches
          .cancel(id)
          .ifPresentOrElse(
              batch -> json(request, MessageBatchJson.batch(batch, baseUrl)),
              () -> notFound(request, id));
    } else if ((matcher = BATCH.matcher(path)).matches() && method.equals("GET")) {
      String id = matcher.group(1);
      batches
          .retrieve(id, settings)
          .ifPresentOrElse(
              batch -> json(request, MessageBatchJson.batch(batch, baseUrl)),
              () -> notFound(request, id));
    } else {
      MessagesHandler.fail(request, notFound("Not found"));
    }
  }

  private void create(
      HttpServerRequest request, JsonNode json, AnthropicMockSettings settings, String baseUrl) {
    if (!json.isObject()) {
      MessagesHandler.fail(request, invalid("The request body is not valid JSON."));
      return;
    }
    try {
      json(request, MessageBatchJson.batch(batches.create(json, settings), baseUrl));
    } catch (IllegalArgumentException e) {
      MessagesHandler.fail(request, invalid(e.getMessage()));
    }
  }

  private void results(HttpServerRequest request, String id) {
    Optional<List<String>> lines = batches.results(id);
    if (lines.isEmpty()) {
      notFound(request, id);
      return;
    }
    StringBuilder body = new StringBuilder();
    lines.get().forEach(line -> body.append(line).append('\n'));
    request.response().putHeader("content-type", "application/binary").end(body.toString());
  }

  private static void notFound(HttpServerRequest request, String id) {
    MessagesHandler.fail(request, notFound("No batch with results found with id '" + id + "'"));
  }

  private static AnthropicOutcome.Fail notFound(String message) {
    return new AnthropicOutcome.Fail(404, OptionalInt.empty(), "not_found_error", message);
  }

  private static AnthropicOutcome.Fail invalid(String message) {
    return new AnthropicOutcome.Fail(400, OptionalInt.empty(), "invalid_request_error", message);
  }

  private static void json(HttpServerRequest request, String body) {
    request.response().putHeader("content-type", "application/json").end(body);
  }
}
