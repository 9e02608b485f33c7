package dev.strata.server;

import dev.strata.server.http.BlockingEndpoints;
import io.vertx.ext.web.Router;

/**
 * An HTTP API mounted next to the built-in frontends — batch files and jobs, the S3 endpoint,
 * provisioned throughput — so the server need not know each one.
 */
@FunctionalInterface
public interface Frontend {
  /** Adds this API's routes to {@code router}; blocking work runs through {@code endpoints}. */
  void mount(Router router, BlockingEndpoints endpoints);
}
