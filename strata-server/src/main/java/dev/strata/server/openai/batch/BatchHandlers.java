package dev.strata.server.openai.batch;

import dev.strata.server.openai.JsonFields;
import static java.util.Objects.requireNonNull;

import dev.strata.core.auth.Authenticator;
import dev.strata.core.auth.Principal;
import dev.strata.core.batch.BatchApi;
import dev.strata.core.batch.BatchJob;
import dev.strata.core.batch.BatchListQuery;
import dev.strata.core.batch.BatchQueue;
import dev.strata.core.batch.BatchStatus;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.objectstore.ObjectRef;
import dev.strata.server.http.BlockingHandler;
import dev.strata.server.http.Call;
import dev.strata.server.http.Credentials;
import dev.strata.server.http.Json;
import dev.strata.server.http.StrataHeaders;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /v1/batches}, {@code GET /v1/batches/{id}}, {@code GET /v1/batches} and {@code POST
 * /v1/batches/{id}/cancel}. A batch is visible to its owner's tenant only; the lines of its input
 * file are checked later, by the batch worker, and a bad line fails the batch, as at OpenAI.
 */
final class BatchHandlers {
  static final Duration COMPLETION_WINDOW = Duration.ofHours(24);
  private static final int DEFAULT_LIMIT = 20;
  private static final int MAX_LIMIT = 100;

  private final Authenticator authenticator;
  private final OpenAiFiles files;
  private final BatchQueue queue;
  private final Clock clock;

  BatchHandlers(Authenticator authenticator, OpenAiFiles files, BatchQueue queue, Clock clock) {
    this.authenticator = requireNonNull(authenticator, "authenticator");
    this.files = requireNonNull(files, "files");
    this.queue = requireNonNull(queue, "queue");
    this.clock = requireNonNull(clock, "clock");
  }

  BlockingHandler create() {
    return call -> {
      Principal caller = caller(call);
      BatchCreate request = BatchCreate.decode(Json.parse(call.body()));
      StoredFile input =
          files
              .find(caller.tenant(), request.inputFileId())
              .orElseThrow(
                  () ->
                      StrataException.builder(
                              ErrorKind.NOT_FOUND, "No such File object: " + request.inputFileId())
                          .param("input_file_id")
                          .build());
      if (!input.purpose().equals("batch")) {
        throw JsonFields.invalidValue(
            "input_file_id",
            "The input file " + input.id() + " has purpose '" + input.purpose()
                + "'; a batch's input file must be uploaded with purpose 'batch'.");
      }
      String model = FirstLine.model(firstLine(input));
      Instant now = clock.instant();
      Map<String, String> details = new HashMap<>();
      details.put(OpenAiBatchFormat.COMPLETION_WINDOW, BatchCreate.COMPLETION_WINDOW);
      request
          .outputExpiresAfter()
          .ifPresent(
              after ->
                  details.put(
                      OpenAiBatchFormat.OUTPUT_EXPIRES_AFTER, Long.toString(after.toSeconds())));
      BatchJob job =
          queue.submit(
              BatchJob.submitted(
                  Ids.newBatchId(),
                  BatchApi.OPENAI,
                  "",
                  caller,
                  model,
                  request.endpoint(),
                  new ObjectRef(OpenAiFiles.BUCKET, input.id()),
                  new ObjectRef.Prefix(OpenAiFiles.BUCKET, ""),
                  now,
                  now.plus(COMPLETION_WINDOW),
                  request.metadata(),
                  details,
                  Optional.empty()));
      send(call, batch(job));
    };
  }

  BlockingHandler retrieve() {
    return call -> send(call, batch(visibleJob(caller(call), call.pathParam("id"))));
  }

  BlockingHandler list() {
    return call -> {
      Principal caller = caller(call);
      int limit = Queries.limit(call, DEFAULT_LIMIT, MAX_LIMIT);
      Optional<String> after =
          Optional.ofNullable(call.request().getParam("after")).filter(a -> !a.isEmpty());
      List<BatchJob> jobs =
          queue.list(
              new BatchListQuery(
                  BatchApi.OPENAI, caller.tenant(), Optional.empty(), Optional.empty(), after,
                  limit + 1));
      boolean hasMore = jobs.size() > limit;
      List<BatchJob> page = jobs.subList(0, Math.min(limit, jobs.size()));
      send(
          call,
          Json.write(
              512 + 1024 * page.size(),
              json -> {
                json.writeStartObject();
                json.writeStringField("object", "list");
                json.writeArrayFieldStart("data");
                for (BatchJob job : page) {
                  BatchJson.write(json, job);
                }
                json.writeEndArray();
                Queries.writeCursors(json, page.stream().map(BatchJob::id).toList(), hasMore);
                json.writeEndObject();
              }));
    };
  }

  BlockingHandler cancel() {
    return call -> {
      BatchJob job = visibleJob(caller(call), call.pathParam("id"));
      BatchJob now = queue.requestCancel(job.id()).orElseThrow(() -> notFound(job.id()));
      if (now.status().isTerminal() && now.status() != BatchStatus.CANCELLED) {
        throw StrataException.builder(
                ErrorKind.INVALID_REQUEST,
                "Cannot cancel a batch with status '" + now.status().openAi() + "'.")
            .code("batch_not_cancellable")
            .build();
      }
      send(call, batch(now));
    };
  }

  private String firstLine(StoredFile input) {
    Optional<InputStream> opened = files.open(input);
    if (opened.isEmpty()) {
      throw StrataException.builder(ErrorKind.NOT_FOUND, "No such File object: " + input.id())
          .param("input_file_id")
          .build();
    }
    try (InputStream content = opened.get()) {
      return FirstLine.of(content)
          .orElseThrow(
              () ->
                  JsonFields.invalidValue(
                      "input_file_id",
                      "The input file " + input.id() + " has no requests; it must hold one JSON"
                          + " request per line."));
    } catch (IOException e) {
      throw new UncheckedIOException("reading the input file " + input.id() + " failed", e);
    }
  }

  private BatchJob visibleJob(Principal caller, String id) {
    if (!Ids.isBatchId(id)) {
      throw notFound(id);
    }
    return queue
        .job(id)
        .filter(job -> job.api() == BatchApi.OPENAI)
        .filter(job -> job.owner().tenant().equals(caller.tenant()))
        .orElseThrow(() -> notFound(id));
  }

  private Principal caller(Call call) {
    return authenticator.authenticate(Credentials.of(call.request()));
  }

  private static StrataException notFound(String id) {
    return StrataException.builder(ErrorKind.NOT_FOUND, "No such Batch object: " + id)
        .param("batch_id")
        .build();
  }

  private static Buffer batch(BatchJob job) {
    return Json.write(1024, json -> BatchJson.write(json, job));
  }

  private static void send(Call call, Buffer body) {
    call.response().putHeader(HttpHeaders.CONTENT_TYPE, StrataHeaders.APPLICATION_JSON).end(body);
  }
}
