package dev.strata.bench.mock;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves OpenAI's Files ({@code /v1/files}: upload as multipart, retrieve, content, delete) and
 * Batches ({@code /v1/batches}: create, retrieve, list, cancel) for the mock upstream.
 */
final class BatchApiHandler {
  private static final Pattern FILE = Pattern.compile("/v1/files/([^/]+)");
  private static final Pattern FILE_CONTENT = Pattern.compile("/v1/files/([^/]+)/content");
  private static final Pattern BATCH = Pattern.compile("/v1/batches/([^/]+)");
  private static final Pattern BATCH_CANCEL = Pattern.compile("/v1/batches/([^/]+)/cancel");
  private static final Set<String> PURPOSES =
      Set.of("batch", "fine-tune", "assistants", "user_data", "evals", "vision");
  private static final int DEFAULT_LIST_LIMIT = 20;
  private static final int MAX_LIST_LIMIT = 100;

  private final MockFiles files;
  private final MockBatches batches;
  private final Clock clock;
  private final Map<String, Queue<MockOutcome>> scripted = new ConcurrentHashMap<>();

  BatchApiHandler(MockFiles files, MockBatches batches, Clock clock) {
    this.files = requireNonNull(files, "files");
    this.batches = requireNonNull(batches, "batches");
    this.clock = requireNonNull(clock, "clock");
  }

  /** Whether {@code path} belongs to the Files or Batches API. */
  static boolean serves(String path) {
    return path.equals("/v1/files")
        || path.startsWith("/v1/files/")
        || path.equals("/v1/batches")
        || path.startsWith("/v1/batches/");
  }

  /**
   * The next request with this method and path gets {@code outcome}: a {@link MockOutcome.Fail} or
   * a {@link MockOutcome.Hang}; other outcomes answer normally.
   */
  void scriptNext(String method, String path, MockOutcome outcome) {
    requireNonNull(outcome, "outcome");
    scripted
        .computeIfAbsent(route(method, path), route -> new ConcurrentLinkedQueue<>())
        .add(outcome);
  }

  void clear() {
    scripted.clear();
  }

  void handle(
      HttpServerRequest request, Buffer body, Optional<JsonNode> json, MockSettings settings) {
    Queue<MockOutcome> queue = scripted.get(route(request.method().name(), request.path()));
    MockOutcome outcome = queue == null ? null : queue.poll();
    if (outcome instanceof MockOutcome.Hang) {
      return;
    }
    MockOutcome.Fail failure =
        (outcome instanceof MockOutcome.Fail fail
                ? Optional.of(fail)
                : Optional.<MockOutcome.Fail>empty())
            .or(() -> RequestChecks.unauthorized(request.getHeader("authorization"), settings))
            .orElse(null);
    if (failure != null) {
      failure
          .retryAfterSeconds()
          .ifPresent(s -> request.response().putHeader("retry-after", Integer.toString(s)));
      send(request, failure.status(), failure.body());
      return;
    }
    String method = request.method().name();
    String path = request.path();
    Matcher matcher;
    if (path.equals("/v1/files") && method.equals("POST")) {
      upload(request, body);
    } else if ((matcher = FILE_CONTENT.matcher(path)).matches() && method.equals("GET")) {
      content(request, matcher.group(1));
    } else if ((matcher = FILE.matcher(path)).matches() && method.equals("GET")) {
      file(request, matcher.group(1));
    } else if ((matcher = FILE.matcher(path)).matches() && method.equals("DELETE")) {
      delete(request, matcher.group(1));
    } else if (path.equals("/v1/batches") && method.equals("POST")) {
      create(request, json, settings);
    } else if (path.equals("/v1/batches") && method.equals("GET")) {
      list(request);
    } else if ((matcher = BATCH_CANCEL.matcher(path)).matches() && method.equals("POST")) {
      cancel(request, matcher.group(1));
    } else if ((matcher = BATCH.matcher(path)).matches() && method.equals("GET")) {
      retrieve(request, matcher.group(1), settings);
    } else {
      send(request, 404, OpenAiErrors.invalidRequest("Unknown URL: " + method + " " + path));
    }
  }

  private void upload(HttpServerRequest request, Buffer body) {
    Map<String, MultipartForm.Part> form;
    try {
      form = MultipartForm.parse(request.getHeader("content-type"), body.getBytes());
    } catch (IllegalArgumentException e) {
      send(request, 400, OpenAiErrors.invalidRequest(e.getMessage()));
      return;
    }
    MultipartForm.Part purpose = form.get("purpose");
    MultipartForm.Part file = form.get("file");
    if (purpose == null || !PURPOSES.contains(purpose.text())) {
      send(request, 400, OpenAiErrors.invalidRequest("'purpose' must be one of " + PURPOSES));
      return;
    }
    if (file == null || file.filename().isEmpty()) {
      send(request, 400, OpenAiErrors.invalidRequest("Missing required parameter: 'file'."));
      return;
    }
    try {
      MockFiles.StoredFile stored =
          files.add(
              purpose.text(),
              file.filename().get(),
              file.content(),
              clock.instant().getEpochSecond());
      send(request, 200, BatchJson.file(stored));
    } catch (IllegalArgumentException tooLarge) {
      send(request, 413, OpenAiErrors.invalidRequest(tooLarge.getMessage()));
    }
  }

  private void file(HttpServerRequest request, String id) {
    files
        .get(id)
        .ifPresentOrElse(
            file -> send(request, 200, BatchJson.file(file)), () -> noSuchFile(request, id));
  }

  private void content(HttpServerRequest request, String id) {
    files
        .get(id)
        .ifPresentOrElse(
            file ->
                request
                    .response()
                    .setStatusCode(200)
                    .putHeader("content-type", "application/octet-stream")
                    .end(Buffer.buffer(file.content())),
            () -> noSuchFile(request, id));
  }

  private void delete(HttpServerRequest request, String id) {
    if (files.delete(id)) {
      send(request, 200, BatchJson.deletedFile(id));
    } else {
      noSuchFile(request, id);
    }
  }

  private void create(HttpServerRequest request, Optional<JsonNode> json, MockSettings settings) {
    JsonNode root = json.filter(JsonNode::isObject).orElse(null);
    if (root == null) {
      send(request, 400, OpenAiErrors.invalidRequest("The request body is not a JSON object."));
      return;
    }
    String inputFileId = root.path("input_file_id").asText("");
    String endpoint = root.path("endpoint").asText("");
    String window = root.path("completion_window").asText("");
    if (inputFileId.isEmpty()) {
      send(request, 400, missing("input_file_id"));
    } else if (!endpoint.equals("/v1/chat/completions")) {
      send(
          request,
          400,
          OpenAiErrors.invalidRequest(
              "The mock's batches run '/v1/chat/completions' only, not '" + endpoint + "'."));
    } else if (!window.equals("24h")) {
      send(request, 400, OpenAiErrors.invalidRequest("'completion_window' must be '24h'."));
    } else {
      JsonNode metadata =
          root.path("metadata").isObject()
              ? root.path("metadata")
              : JsonNodeFactory.instance.nullNode();
      try {
        MockBatch batch = batches.create(inputFileId, endpoint, window, metadata, settings);
        send(request, 200, BatchJson.batch(batch).toString());
      } catch (IllegalArgumentException noSuchFile) {
        send(request, 400, OpenAiErrors.invalidRequest(noSuchFile.getMessage()));
      }
    }
  }

  private void retrieve(HttpServerRequest request, String id, MockSettings settings) {
    batches
        .retrieve(id, settings)
        .ifPresentOrElse(
            batch -> send(request, 200, BatchJson.batch(batch).toString()),
            () -> noSuchBatch(request, id));
  }

  private void cancel(HttpServerRequest request, String id) {
    try {
      batches
          .cancel(id)
          .ifPresentOrElse(
              batch -> send(request, 200, BatchJson.batch(batch).toString()),
              () -> noSuchBatch(request, id));
    } catch (IllegalStateException ended) {
      send(request, 400, OpenAiErrors.invalidRequest(ended.getMessage()));
    }
  }

  private void list(HttpServerRequest request) {
    int limit = DEFAULT_LIST_LIMIT;
    String asked = request.getParam("limit");
    if (asked != null) {
      try {
        limit = Integer.parseInt(asked);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > MAX_LIST_LIMIT) {
        send(request, 400, OpenAiErrors.invalidRequest("'limit' must be between 1 and 100."));
        return;
      }
    }
    List<MockBatch> page = batches.list(Optional.ofNullable(request.getParam("after")), limit);
    boolean hasMore = page.size() > limit;
    send(request, 200, BatchJson.batchList(hasMore ? page.subList(0, limit) : page, hasMore));
  }

  private static void noSuchFile(HttpServerRequest request, String id) {
    send(
        request,
        404,
        OpenAiErrors.body("No such File object: " + id, "invalid_request_error", null));
  }

  private static void noSuchBatch(HttpServerRequest request, String id) {
    send(
        request,
        404,
        OpenAiErrors.body("No batch found with id '" + id + "'.", "invalid_request_error", null));
  }

  private static String route(String method, String path) {
    return requireNonNull(method, "method") + " " + requireNonNull(path, "path");
  }

  private static String missing(String parameter) {
    return OpenAiErrors.invalidRequest("Missing required parameter: '" + parameter + "'.");
  }

  private static void send(HttpServerRequest request, int status, String body) {
    request
        .response()
        .setStatusCode(status)
        .putHeader("content-type", body.startsWith("{") ? "application/json" : "text/plain")
        .end(body);
  }
}
