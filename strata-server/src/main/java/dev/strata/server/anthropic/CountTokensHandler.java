package dev.strata.server.anthropic;

import static java.util.Objects.requireNonNull;

import dev.strata.core.auth.Authenticator;
import dev.strata.core.catalog.ModelCatalog;
import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.tokens.OpenAiTokenCounters;
import dev.strata.core.tokens.RequestTokenEstimator;
import dev.strata.server.http.BlockingHandler;
import dev.strata.server.http.Call;
import dev.strata.server.http.Json;
import dev.strata.server.http.StrataHeaders;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/**
 * {@code POST /v1/messages/count_tokens}: the input tokens of a request for the first model its
 * name routes to, counted with jtokkit — an estimate for non-OpenAI models, and said so in {@code
 * x-strata-usage-source}. Nothing is called upstream and nothing is billed.
 */
final class CountTokensHandler implements BlockingHandler {
  private static final String ESTIMATED = "estimated";

  private final Authenticator authenticator;
  private final ModelCatalog catalog;

  CountTokensHandler(Authenticator authenticator, ModelCatalog catalog) {
    this.authenticator = requireNonNull(authenticator, "authenticator");
    this.catalog = requireNonNull(catalog, "catalog");
  }

  @Override
  public void handle(Call call) {
    call.response()
        .putHeader(AnthropicHeaders.REQUEST_ID, AnthropicHeaders.requestId(call.requestId()));
    authenticator.authenticate(AnthropicCredentials.of(call.request()));
    ChatRequest request = MessagesRequestDecoder.countTokens(Json.parse(call.body()));
    ModelEntry model = catalog.resolve(request.model()).get(0);
    long tokens =
        new RequestTokenEstimator(OpenAiTokenCounters.forModel(model.upstreamModel()))
            .inputTokens(request);
    HttpServerResponse response = call.response();
    response.putHeader(HttpHeaders.CONTENT_TYPE, StrataHeaders.APPLICATION_JSON);
    response.putHeader(StrataHeaders.MODEL, model.name());
    response.putHeader(StrataHeaders.USAGE_SOURCE, ESTIMATED);
    response.end(
        Json.write(
            32,
            json -> {
              json.writeStartObject();
              json.writeNumberField("input_tokens", tokens);
              json.writeEndObject();
            }));
  }
}
