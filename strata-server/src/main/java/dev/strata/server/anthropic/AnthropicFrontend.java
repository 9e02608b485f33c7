package dev.strata.server.anthropic;

import static java.util.Objects.requireNonNull;

import dev.strata.core.auth.Authenticator;
import dev.strata.core.catalog.ModelCatalog;
import dev.strata.core.path.RequestPath;
import dev.strata.server.http.BlockingEndpoints;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.Set;

/**
 * The Anthropic Messages API: {@code POST /v1/messages} (plain and SSE) and {@code POST
 * /v1/messages/count_tokens}, translated to and from the canonical model around the request path,
 * with every failure — unknown paths under {@code /v1/messages} included — as an Anthropic error.
 */
public final class AnthropicFrontend {
  private static final String MESSAGES = "/v1/messages";
  private static final String COUNT_TOKENS = "/v1/messages/count_tokens";
  private static final Set<String> SERVED = Set.of(MESSAGES, MESSAGES + "/", COUNT_TOKENS);

  private final BlockingEndpoints endpoints;
  private final MessagesHandler messages;
  private final CountTokensHandler countTokens;

  /**
   * @param endpoints the server's endpoints; this frontend renders their failures its own way
   * @param drainTimeout how long a stream waits for a client that stopped reading
   */
  public AnthropicFrontend(
      RequestPath path,
      Authenticator authenticator,
      ModelCatalog catalog,
      BlockingEndpoints endpoints,
      Duration drainTimeout) {
    this.endpoints =
        requireNonNull(endpoints, "endpoints")
            .renderingErrorsWith(new AnthropicErrors())
            .answeringFor("/v1/messages");
    this.messages = new MessagesHandler(path, drainTimeout);
    this.countTokens = new CountTokensHandler(authenticator, catalog);
  }

  /** Adds this frontend's routes to {@code router}. */
  public void mount(Router router) {
    router
        .post(MESSAGES)
        .handler(endpoints.carriedByEventLoopUnlessStreamed().withJsonBody(messages));
    router.post(COUNT_TOKENS).handler(endpoints.withJsonBody(countTokens));
    router
        .routeWithRegex(MESSAGES + "(/.*)?")
        .handler(
            context -> {
              HttpMethod method = context.request().method();
              String path = context.request().path();
              endpoints.reject(
                  context,
                  SERVED.contains(path) && method != HttpMethod.POST
                      ? AnthropicErrors.methodNotAllowed(method, path)
                      : AnthropicErrors.unknownUrl(method, path));
            });
  }
}
