package dev.strata.server.openai;

import static java.util.Objects.requireNonNull;

import dev.strata.core.auth.Authenticator;
import dev.strata.core.catalog.ModelCatalog;
import dev.strata.core.path.RequestPath;
import dev.strata.server.http.BlockingEndpoints;
import io.vertx.ext.web.Router;
import java.time.Duration;

/**
 * The OpenAI-compatible API: {@code /v1/chat/completions}, {@code /v1/embeddings} and {@code
 * /v1/models}, translated to and from the canonical model around the request path.
 */
public final class OpenAiFrontend {
  private final BlockingEndpoints endpoints;
  private final ChatHandler chat;
  private final EmbeddingsHandler embeddings;
  private final ModelsHandler models;

  /**
   * @param drainTimeout how long a stream waits for a client that stopped reading before it gives
   *     up on it
   * @param createdEpochSecond the {@code created} time reported for every model
   */
  public OpenAiFrontend(
      RequestPath path,
      Authenticator authenticator,
      ModelCatalog catalog,
      BlockingEndpoints endpoints,
      Duration drainTimeout,
      long createdEpochSecond) {
    this.endpoints = requireNonNull(endpoints, "endpoints");
    this.chat = new ChatHandler(path, drainTimeout);
    this.embeddings = new EmbeddingsHandler(path);
    this.models = new ModelsHandler(authenticator, catalog, createdEpochSecond);
  }

  /** Adds this frontend's routes to {@code router}. */
  public void mount(Router router) {
    router
        .post("/v1/chat/completions")
        .handler(endpoints.carriedByEventLoopUnlessStreamed().withJsonBody(chat));
    router.post("/v1/embeddings").handler(endpoints.carriedByEventLoop().withJsonBody(embeddings));
    router.get("/v1/models").handler(endpoints.withoutBody(models.list()));
    router
        .getWithRegex("/v1/models/(?<model>.+)")
        .handler(endpoints.withoutBody(models.retrieve()));
  }
}
