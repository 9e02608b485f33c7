package dev.strata.server;

import static java.util.Objects.requireNonNull;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.function.Supplier;

/**
 * One HTTP server on its own event loop. Several listeners on one port share the accepted
 * connections, so the server uses every event loop it is given.
 */
final class Listener extends VerticleBase {
  private final HttpServerOptions options;
  private final Supplier<Router> routers;
  private final List<HttpServer> listening;

  Listener(HttpServerOptions options, Supplier<Router> routers, List<HttpServer> listening) {
    this.options = new HttpServerOptions(requireNonNull(options, "options"));
    this.routers = requireNonNull(routers, "routers");
    this.listening = requireNonNull(listening, "listening");
  }

  @Override
  public Future<?> start() {
    HttpServer server = vertx.createHttpServer(options).requestHandler(routers.get());
    return server.listen().onSuccess(listening::add);
  }
}
