package dev.strata.server;

import dev.strata.core.error.StrataException;
import dev.strata.server.admin.AdminFrontend;
import dev.strata.server.admin.BudgetEndpoints;
import dev.strata.server.admin.CacheEndpoint;
import dev.strata.server.admin.RateLimitEndpoints;
import dev.strata.server.admin.RecentRequestsEndpoint;
import dev.strata.server.anthropic.AnthropicFrontend;
import dev.strata.server.bedrock.BedrockCallerResolver;
import dev.strata.server.bedrock.BedrockFrontend;
import dev.strata.server.dashboard.DashboardPage;
import dev.strata.server.http.BlockingEndpoints;
import dev.strata.server.http.StrataHeaders;
import dev.strata.server.metrics.MetricsEndpoint;
import dev.strata.server.openai.OpenAiErrors;
import dev.strata.server.openai.OpenAiFrontend;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;

/**
 * Assembles one router: health, metrics when configured, the OpenAI frontend, the admin API, the
 * dashboard page, and OpenAI-shaped 404/405.
 */
final class Routes {
  private static final System.Logger LOG = System.getLogger(Routes.class.getName());
  private static final String HEALTHY = "{\"status\":\"ok\"}";

  private Routes() {}

  static Router router(
      Vertx vertx,
      Gateway gateway,
      BlockingEndpoints endpoints,
      Duration drainTimeout,
      long createdEpochSecond,
      Optional<MetricsEndpoint> metrics) {
    Router router = Router.router(vertx);
    router
        .get("/health")
        .handler(
            context ->
                context
                    .response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, StrataHeaders.APPLICATION_JSON)
                    .end(HEALTHY));
    metrics.ifPresent(endpoint -> endpoint.mount(router, endpoints));
    new OpenAiFrontend(
            gateway.path(),
            gateway.authenticator(),
            gateway.catalog(),
            endpoints,
            drainTimeout,
            createdEpochSecond)
        .mount(router);
    new AdminFrontend(gateway.admin(), endpoints, gateway.clock()).mount(router);
    new RecentRequestsEndpoint(gateway.admin(), endpoints).mount(router);
    gateway.responseCache().ifPresent(cache -> new CacheEndpoint(gateway.admin(), cache, endpoints).mount(router));
    DashboardPage.standard().mount(router);
    gateway
        .spendControls()
        .ifPresent(
            controls -> {
              new BudgetEndpoints(gateway.admin(), controls.budgets(), endpoints).mount(router);
              new RateLimitEndpoints(gateway.admin(), controls.rateLimits(), endpoints).mount(router);
            });
    BedrockCallerResolver bedrockCallers =
        gateway.sigV4().map(BedrockCallerResolver::sigV4).orElseGet(BedrockCallerResolver::bearerOnly);
    new BedrockFrontend(
            gateway.path(), gateway.authenticator(), gateway.catalog(), endpoints, bedrockCallers, drainTimeout)
        .mount(router);
    new AnthropicFrontend(
            gateway.path(), gateway.authenticator(), gateway.catalog(), endpoints, drainTimeout)
        .mount(router);
    gateway.frontends().forEach(frontend -> frontend.mount(router, endpoints));
    router.errorHandler(400, endpoints::rejectUnroutable);
    router.errorHandler(
        404,
        context ->
            endpoints.rejectUnmatched(
                context,
                OpenAiErrors.unknownUrl(context.request().method(), context.request().path())));
    router.errorHandler(
        405,
        context ->
            endpoints.rejectUnmatched(
                context,
                OpenAiErrors.methodNotAllowed(
                    context.request().method(), context.request().path())));
    router.errorHandler(
        500,
        context -> {
          LOG.log(Level.ERROR, "a route handler failed on the event loop", context.failure());
          if (!context.response().headWritten()) {
            endpoints.rejectUnmatched(
                context, StrataException.internal("route failed", context.failure()));
          }
        });
    return router;
  }
}
