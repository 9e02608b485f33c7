package dev.strata.server.http;

import dev.strata.core.error.StrataException;
import io.vertx.core.http.HttpServerResponse;

/** Writes a failure as a complete response in one wire format. */
@FunctionalInterface
public interface ErrorRenderer {
  void render(HttpServerResponse response, StrataException failure);
}
