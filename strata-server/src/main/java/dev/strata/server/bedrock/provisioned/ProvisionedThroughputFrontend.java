package dev.strata.server.bedrock.provisioned;

import static java.util.Objects.requireNonNull;

import dev.strata.core.auth.Authenticator;
import dev.strata.core.auth.Principal;
import dev.strata.core.provisioned.ProvisionedArns;
import dev.strata.core.provisioned.ProvisionedModel;
import dev.strata.core.provisioned.ProvisionedModels;
import dev.strata.server.Frontend;
import dev.strata.server.bedrock.BedrockCallerResolver;
import dev.strata.server.http.BlockingEndpoints;
import dev.strata.server.http.BlockingHandler;
import dev.strata.server.http.Call;
import dev.strata.server.http.Json;
import dev.strata.server.http.StrataHeaders;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import java.util.List;

/**
 * Bedrock's provisioned-throughput control plane: {@code POST /provisioned-model-throughput}
 * (create), {@code GET /provisioned-model-throughput/{id}}, {@code GET
 * /provisioned-model-throughputs} (filters and pages), {@code PATCH
 * /provisioned-model-throughput/{id}} (rename, change the base model and — Strata's own member —
 * {@code desiredModelUnits}) and {@code DELETE /provisioned-model-throughput/{id}}, where {@code
 * id} is the ARN, id or name. Callers sign with SigV4 or present a Bedrock API key; each sees only
 * its tenant's models. Errors are Bedrock's ({@code x-amzn-ErrorType}).
 */
public final class ProvisionedThroughputFrontend implements Frontend {
  private static final CharSequence AWS_REQUEST_ID =
      HttpHeaders.createOptimized("x-amzn-RequestId");
  private static final String ONE = "/provisioned-model-throughput/[^/]+";

  private final ProvisionedModels models;
  private final Callers callers;

  /**
   * @param signed verifies SigV4 signatures; {@link BedrockCallerResolver#bearerOnly()} if none
   */
  public ProvisionedThroughputFrontend(
      ProvisionedModels models, Authenticator authenticator, BedrockCallerResolver signed) {
    this.models = requireNonNull(models, "models");
    this.callers = new Callers(signed, authenticator);
  }

  @Override
  public void mount(Router router, BlockingEndpoints endpoints) {
    BlockingEndpoints bedrock =
        endpoints
            .renderingErrorsWith(new ControlPlaneErrors())
            .answeringFor("/provisioned-model-throughput");
    router.post("/provisioned-model-throughput").handler(bedrock.withJsonBody(aws(this::create)));
    router.get("/provisioned-model-throughputs").handler(bedrock.withoutBody(aws(this::list)));
    router.getWithRegex(ONE).handler(bedrock.withoutBody(aws(this::get)));
    router.patchWithRegex(ONE).handler(bedrock.withJsonBody(aws(this::update)));
    router.deleteWithRegex(ONE).handler(bedrock.withoutBody(aws(this::delete)));
  }

  /** Stamps the request id under the header AWS SDKs read it from. */
  private static BlockingHandler aws(BlockingHandler handler) {
    return call -> {
      call.response().putHeader(AWS_REQUEST_ID, call.requestId());
      handler.handle(call);
    };
  }

  private void create(Call call) {
    Principal caller = callers.of(call);
    ProvisionedModel model =
        models.create(ThroughputRequests.create(Json.parse(call.body()), caller));
    send(
        call,
        201,
        Json.write(
            128,
            json -> {
              json.writeStartObject();
              json.writeStringField("provisionedModelArn", model.arn());
              json.writeEndObject();
            }));
  }

  private void get(Call call) {
    Principal caller = callers.of(call);
    ProvisionedModel model = models.get(caller, PathIds.fromPath(call.request().path()));
    ProvisionedArns arns = models.arns();
    send(
        call,
        200,
        Json.write(
            512,
            json -> {
              json.writeStartObject();
              ThroughputJson.detailFields(json, model, arns);
              json.writeEndObject();
            }));
  }

  private void list(Call call) {
    Principal caller = callers.of(call);
    ThroughputRequests.ListRequest request = ThroughputRequests.list(call.request().params());
    List<ProvisionedModel> matching = models.list(caller, request.query());
    ListPage page =
        ListPage.of(
            matching, request.maxResults(), request.nextToken(), request.query().ascending());
    ProvisionedArns arns = models.arns();
    send(
        call,
        200,
        Json.write(
            256 + page.models().size() * 512,
            json -> {
              json.writeStartObject();
              json.writeArrayFieldStart("provisionedModelSummaries");
              for (ProvisionedModel model : page.models()) {
                ThroughputJson.summary(json, model, arns);
              }
              json.writeEndArray();
              if (page.nextToken().isPresent()) {
                json.writeStringField("nextToken", page.nextToken().get());
              }
              json.writeEndObject();
            }));
  }

  private void update(Call call) {
    Principal caller = callers.of(call);
    ThroughputRequests.Update update = ThroughputRequests.update(Json.parse(call.body()));
    models.update(
        caller,
        PathIds.fromPath(call.request().path()),
        update.name(),
        update.modelId(),
        update.modelUnits());
    send(call, 200, Buffer.buffer("{}"));
  }

  private void delete(Call call) {
    Principal caller = callers.of(call);
    models.delete(caller, PathIds.fromPath(call.request().path()));
    send(call, 200, Buffer.buffer("{}"));
  }

  private static void send(Call call, int status, Buffer body) {
    call.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, StrataHeaders.APPLICATION_JSON)
        .end(body);
  }

  @Override
  public String toString() {
    return "ProvisionedThroughputFrontend[" + models + "]";
  }
}
