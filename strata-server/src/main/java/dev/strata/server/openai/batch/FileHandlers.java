package dev.strata.server.openai.batch;

import dev.strata.server.openai.JsonFields;
import static java.util.Objects.requireNonNull;

import dev.strata.core.auth.Authenticator;
import dev.strata.core.auth.Principal;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.server.http.BlockingHandler;
import dev.strata.server.http.Call;
import dev.strata.server.http.Credentials;
import dev.strata.server.http.DownloadStream;
import dev.strata.server.http.Json;
import dev.strata.server.http.StrataHeaders;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code GET /v1/files}, {@code GET /v1/files/{id}}, {@code GET /v1/files/{id}/content} and {@code
 * DELETE /v1/files/{id}}, each on the caller's tenant's files only.
 */
final class FileHandlers {
  private static final System.Logger LOG = System.getLogger(FileHandlers.class.getName());
  private static final int MAX_LIMIT = 10_000;

  private final Authenticator authenticator;
  private final OpenAiFiles files;
  private final Duration drainTimeout;

  FileHandlers(Authenticator authenticator, OpenAiFiles files, Duration drainTimeout) {
    this.authenticator = requireNonNull(authenticator, "authenticator");
    this.files = requireNonNull(files, "files");
    this.drainTimeout = requireNonNull(drainTimeout, "drainTimeout");
  }

  BlockingHandler list() {
    return call -> {
      Principal caller = caller(call);
      int limit = Queries.limit(call, MAX_LIMIT, MAX_LIMIT);
      boolean oldestFirst =
          switch (Optional.ofNullable(call.request().getParam("order")).orElse("desc")) {
            case "asc" -> true;
            case "desc" -> false;
            default ->
                throw JsonFields.invalidValue(
                    "order", "Invalid value for 'order': use 'asc' or 'desc'.");
          };
      OpenAiFiles.FilePage page =
          files.list(
              caller.tenant(),
              Optional.ofNullable(call.request().getParam("purpose")).filter(p -> !p.isEmpty()),
              Optional.ofNullable(call.request().getParam("after")).filter(a -> !a.isEmpty()),
              limit,
              oldestFirst);
      send(
          call,
          Json.write(
              256 + 256 * page.files().size(),
              json -> {
                json.writeStartObject();
                json.writeStringField("object", "list");
                json.writeArrayFieldStart("data");
                for (StoredFile file : page.files()) {
                  FileJson.write(json, file);
                }
                json.writeEndArray();
                Queries.writeCursors(
                    json,
                    page.files().stream().map(StoredFile::id).toList(),
                    page.hasMore());
                json.writeEndObject();
              }));
    };
  }

  BlockingHandler retrieve() {
    return call -> {
      StoredFile file = file(call);
      send(call, Json.write(256, json -> FileJson.write(json, file)));
    };
  }

  BlockingHandler content() {
    return call -> {
      StoredFile file = file(call);
      Optional<InputStream> opened = files.open(file);
      if (opened.isEmpty()) {
        throw notFound(file.id()); // deleted since it was looked up
      }
      HttpServerResponse response = call.response();
      response.putHeader(HttpHeaders.CONTENT_TYPE, "application/octet-stream");
      response.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(file.bytes()));
      try (InputStream content = opened.get()) {
        new DownloadStream(response, drainTimeout).copy(content);
      } catch (IOException e) {
        LOG.log(Level.DEBUG, "download of " + file.id() + " cut short: " + e.getMessage());
        response.reset();
      }
    };
  }

  BlockingHandler delete() {
    return call -> {
      Principal caller = caller(call);
      String id = call.pathParam("id");
      if (!files.delete(caller.tenant(), id)) {
        throw notFound(id);
      }
      send(
          call,
          Json.write(
              96,
              json -> {
                json.writeStartObject();
                json.writeStringField("id", id);
                json.writeStringField("object", "file");
                json.writeBooleanField("deleted", true);
                json.writeEndObject();
              }));
    };
  }

  private StoredFile file(Call call) {
    Principal caller = caller(call);
    String id = call.pathParam("id");
    return files.find(caller.tenant(), id).orElseThrow(() -> notFound(id));
  }

  private Principal caller(Call call) {
    return authenticator.authenticate(Credentials.of(call.request()));
  }

  static StrataException notFound(String id) {
    return StrataException.builder(ErrorKind.NOT_FOUND, "No such File object: " + id)
        .param("id")
        .build();
  }

  private static void send(Call call, io.vertx.core.buffer.Buffer body) {
    call.response().putHeader(HttpHeaders.CONTENT_TYPE, StrataHeaders.APPLICATION_JSON).end(body);
  }
}
