package dev.strata.server.bedrock;

import static java.util.Objects.requireNonNull;

import dev.strata.core.auth.Authenticator;
import dev.strata.core.catalog.ModelCatalog;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.path.RequestPath;
import dev.strata.server.http.BlockingEndpoints;
import dev.strata.server.http.BlockingHandler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/**
 * The Amazon Bedrock runtime API ({@code /model/{modelId}/converse}, {@code /converse-stream},
 * {@code /invoke}, {@code /invoke-with-response-stream}, {@code /count-tokens}) and the control
 * plane's {@code /foundation-models}. Failures, including oversized or non-JSON bodies, are
 * rendered the Bedrock way ({@code x-amzn-ErrorType}); callers authenticate with a bearer key or,
 * through the resolver, a verified SigV4 signature.
 */
public final class BedrockFrontend {
  private static final String MODEL = "/model/(?<modelId>[^/]+)/";

  private final BlockingEndpoints endpoints;
  private final BlockingHandler converse;
  private final BlockingHandler converseStream;
  private final BlockingHandler invoke;
  private final BlockingHandler invokeStream;
  private final BlockingHandler countTokens;
  private final FoundationModelsHandler models;

  /**
   * @param callers verifies signed requests; {@link BedrockCallerResolver#bearerOnly()} until SigV4
   *     is wired
   * @param drainTimeout how long a stream waits for a client that stopped reading
   */
  public BedrockFrontend(
      RequestPath path,
      Authenticator authenticator,
      ModelCatalog catalog,
      BlockingEndpoints endpoints,
      BedrockCallerResolver callers,
      Duration drainTimeout) {
    this.endpoints =
        requireNonNull(endpoints, "endpoints")
            .renderingErrorsWith(new BedrockErrors())
            .answeringFor("/model/", "/foundation-models");
    requireNonNull(path, "path");
    requireNonNull(drainTimeout, "drainTimeout");
    BedrockExchanges exchanges = new BedrockExchanges(callers, authenticator);
    this.converse = new ConverseHandler(path, exchanges, false, drainTimeout);
    this.converseStream = new ConverseHandler(path, exchanges, true, drainTimeout);
    this.invoke = new InvokeHandler(path, exchanges, false, drainTimeout);
    this.invokeStream = new InvokeHandler(path, exchanges, true, drainTimeout);
    this.countTokens = new CountTokensHandler(exchanges, catalog);
    this.models = new FoundationModelsHandler(exchanges, requireNonNull(catalog, "catalog"));
  }

  /** Adds this frontend's routes to {@code router}. */
  public void mount(Router router) {
    BlockingEndpoints wholeAnswers = endpoints.carriedByEventLoop();
    router
        .postWithRegex(MODEL + "converse")
        .handler(wholeAnswers.withJsonBody(withAwsRequestId(converse)));
    router
        .postWithRegex(MODEL + "converse-stream")
        .handler(endpoints.withJsonBody(withAwsRequestId(converseStream)));
    router
        .postWithRegex(MODEL + "invoke")
        .handler(wholeAnswers.withJsonBody(withAwsRequestId(invoke)));
    router
        .postWithRegex(MODEL + "invoke-with-response-stream")
        .handler(endpoints.withJsonBody(withAwsRequestId(invokeStream)));
    router
        .postWithRegex(MODEL + "count-tokens")
        .handler(endpoints.withJsonBody(withAwsRequestId(countTokens)));
    router
        .routeWithRegex("/model/[^/]+/.*")
        .handler(context -> endpoints.reject(context, unknownOperation(context)));
    router.get("/foundation-models").handler(endpoints.withoutBody(withAwsRequestId(models.list())));
    router
        .getWithRegex("/foundation-models/[^/]+")
        .handler(endpoints.withoutBody(withAwsRequestId(models.get())));
  }

  /** Stamps the request id under the header AWS SDKs read it from. */
  private static BlockingHandler withAwsRequestId(BlockingHandler handler) {
    return call -> {
      call.response().putHeader(BedrockErrors.AWS_REQUEST_ID, call.requestId());
      handler.handle(call);
    };
  }

  /** AWS answers an operation it does not have with 404 UnknownOperationException. */
  private static StrataException unknownOperation(RoutingContext context) {
    return StrataException.builder(
            ErrorKind.NOT_FOUND,
            "Unknown operation: "
                + context.request().method().name()
                + " "
                + context.request().path())
        .code("UnknownOperationException")
        .build();
  }
}
