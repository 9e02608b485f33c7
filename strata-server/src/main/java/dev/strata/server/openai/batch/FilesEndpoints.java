package dev.strata.server.openai.batch;

import static java.util.Objects.requireNonNull;

import dev.strata.core.auth.Authenticator;
import dev.strata.core.objectstore.ObjectStore;
import dev.strata.server.http.BlockingEndpoints;
import dev.strata.server.openai.OpenAiErrors;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * OpenAI's Files API — {@code POST /v1/files} (multipart upload), {@code GET /v1/files}, {@code GET
 * /v1/files/{id}}, {@code GET /v1/files/{id}/content}, {@code DELETE /v1/files/{id}} — over the
 * object store's bucket {@code strata-files}, one tenant's files visible to that tenant only.
 */
public final class FilesEndpoints {
  /** Room for the multipart framing and the form fields around the file itself. */
  private static final long FORM_OVERHEAD_BYTES = 64 * 1024;

  /** How long an upload may still be spooling to disk after its request ended. */
  private static final Duration TRUNCATED_UPLOAD_GRACE = Duration.ofSeconds(10);

  private final BlockingEndpoints endpoints;
  private final Uploads uploads;
  private final UploadHandler upload;
  private final FileHandlers handlers;
  private final Path uploadsDirectory;
  private final long bodyLimit;

  /**
   * @param uploadsDirectory where uploads are spooled while they arrive (deleted once stored)
   * @param drainTimeout how long a download waits for a client that stopped reading
   */
  public FilesEndpoints(
      Authenticator authenticator,
      ObjectStore store,
      BlockingEndpoints endpoints,
      Clock clock,
      Path uploadsDirectory,
      Duration drainTimeout) {
    this(
        authenticator, store, endpoints, clock, uploadsDirectory, drainTimeout,
        TRUNCATED_UPLOAD_GRACE);
  }

  FilesEndpoints(
      Authenticator authenticator,
      ObjectStore store,
      BlockingEndpoints endpoints,
      Clock clock,
      Path uploadsDirectory,
      Duration drainTimeout,
      Duration truncatedUploadGrace) {
    requireNonNull(authenticator, "authenticator");
    requireNonNull(store, "store");
    this.endpoints = requireNonNull(endpoints, "endpoints").renderingErrorsWith(new OpenAiErrors());
    this.uploadsDirectory = requireNonNull(uploadsDirectory, "uploadsDirectory");
    OpenAiFiles files = new OpenAiFiles(store, requireNonNull(clock, "clock"));
    long maxFileBytes = store.maxObjectBytes();
    this.bodyLimit =
        maxFileBytes > Long.MAX_VALUE - FORM_OVERHEAD_BYTES
            ? Long.MAX_VALUE
            : maxFileBytes + FORM_OVERHEAD_BYTES;
    this.uploads = new Uploads(authenticator, this.endpoints, maxFileBytes, truncatedUploadGrace);
    this.upload = new UploadHandler(files, clock);
    this.handlers = new FileHandlers(authenticator, files, requireNonNull(drainTimeout, "drainTimeout"));
  }

  /** Adds the Files routes to {@code router}. */
  public void mount(Router router) {
    router
        .post("/v1/files")
        .handler(uploads.gate())
        .handler(
            BodyHandler.create(uploadsDirectory.toString())
                .setBodyLimit(bodyLimit)
                .setDeleteUploadedFilesOnEnd(true)
                .setMergeFormAttributes(false))
        .handler(uploads.read())
        .handler(endpoints.withoutBody(upload))
        .failureHandler(uploads.failures());
    router.get("/v1/files").handler(endpoints.withoutBody(handlers.list()));
    router.get("/v1/files/:id").handler(endpoints.withoutBody(handlers.retrieve()));
    router.get("/v1/files/:id/content").handler(endpoints.withoutBody(handlers.content()));
    router.delete("/v1/files/:id").handler(endpoints.withoutBody(handlers.delete()));
  }
}
