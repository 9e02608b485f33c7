package dev.strata.server.openai.batch;

import static java.util.Objects.requireNonNull;

import dev.strata.core.auth.Authenticator;
import dev.strata.core.batch.BatchQueue;
import dev.strata.core.objectstore.ObjectStore;
import dev.strata.server.http.BlockingEndpoints;
import dev.strata.server.openai.OpenAiErrors;
import io.vertx.ext.web.Router;
import java.time.Clock;

/**
 * OpenAI's Batches API — {@code POST /v1/batches}, {@code GET /v1/batches}, {@code GET
 * /v1/batches/{id}}, {@code POST /v1/batches/{id}/cancel} — over the batch queue, with input files
 * from the Files API.
 */
public final class BatchesEndpoints {
  private final BlockingEndpoints endpoints;
  private final BatchHandlers handlers;

  public BatchesEndpoints(
      Authenticator authenticator,
      ObjectStore store,
      BatchQueue queue,
      BlockingEndpoints endpoints,
      Clock clock) {
    this.endpoints = requireNonNull(endpoints, "endpoints").renderingErrorsWith(new OpenAiErrors());
    this.handlers =
        new BatchHandlers(
            authenticator, new OpenAiFiles(requireNonNull(store, "store"), clock), queue, clock);
  }

  /** Adds the Batches routes to {@code router}. */
  public void mount(Router router) {
    router.post("/v1/batches").handler(endpoints.withJsonBody(handlers.create()));
    router.get("/v1/batches").handler(endpoints.withoutBody(handlers.list()));
    router.get("/v1/batches/:id").handler(endpoints.withoutBody(handlers.retrieve()));
    router.post("/v1/batches/:id/cancel").handler(endpoints.withJsonBody(handlers.cancel()));
  }
}
