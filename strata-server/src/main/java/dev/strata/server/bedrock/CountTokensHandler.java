package dev.strata.server.bedrock;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.catalog.ModelCatalog;
import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.tokens.OpenAiTokenCounters;
import dev.strata.core.tokens.RequestTokenEstimator;
import dev.strata.server.http.BlockingHandler;
import dev.strata.server.http.Call;
import dev.strata.server.http.Json;
import dev.strata.server.http.StrataHeaders;
import io.vertx.core.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * {@code POST /model/{modelId}/count-tokens}: the input tokens a Converse or InvokeModel input
 * would use, estimated with the model's tokenizer (no model is called, nothing is billed).
 */
final class CountTokensHandler implements BlockingHandler {
  private final BedrockExchanges exchanges;
  private final ModelCatalog catalog;
  private final ConverseDecoder converse = new ConverseDecoder();
  private final AnthropicBodyDecoder anthropic = new AnthropicBodyDecoder();

  CountTokensHandler(BedrockExchanges exchanges, ModelCatalog catalog) {
    this.exchanges = requireNonNull(exchanges, "exchanges");
    this.catalog = requireNonNull(catalog, "catalog");
  }

  @Override
  public void handle(Call call) {
    exchanges.caller(call);
    String name = ModelIds.fromPath(call.request().path());
    Fields input = Fields.root(Json.parse(call.body())).requiredObject("input");
    ChatRequest request =
        switch (input.unionMember()) {
          case "converse" -> converse.decode(name, input.get("converse"));
          case "invokeModel" -> {
            Fields invoke = input.requiredObject("invokeModel");
            JsonNode body = Json.parse(blob(invoke));
            yield body.isObject() && body.has("anthropic_version")
                ? anthropic.decode(name, body)
                : converse.decode(name, body);
          }
          default ->
              throw StrataException.invalid("input", "input must set 'converse' or 'invokeModel'.");
        };
    List<ModelEntry> models = catalog.resolve(name);
    long tokens =
        new RequestTokenEstimator(OpenAiTokenCounters.forModel(models.get(0).upstreamModel()))
            .inputTokens(request);
    call.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, StrataHeaders.APPLICATION_JSON)
        .end(
            Json.write(
                32,
                json -> {
                  json.writeStartObject();
                  json.writeNumberField("inputTokens", tokens);
                  json.writeEndObject();
                }));
  }

  /** The InvokeModel body, a blob: base64 on the wire (raw JSON is accepted too, for curl). */
  private static byte[] blob(Fields invoke) {
    String body = invoke.requiredString("body");
    if (body.stripLeading().startsWith("{")) {
      return body.getBytes(StandardCharsets.UTF_8);
    }
    try {
      return Base64.getDecoder().decode(body);
    } catch (IllegalArgumentException e) {
      throw StrataException.invalid(
          "input.invokeModel.body",
          "input.invokeModel.body must be the base64 of a JSON request body.");
    }
  }
}
