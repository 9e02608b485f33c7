package dev.strata.server.bedrock;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.strata.core.catalog.ModelCatalog;
import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.error.StrataException;
import dev.strata.server.http.BlockingHandler;
import dev.strata.server.http.Call;
import dev.strata.server.http.Json;
import dev.strata.server.http.StrataHeaders;
import io.vertx.core.http.HttpHeaders;
import java.io.IOException;

/**
 * The Bedrock control plane's {@code GET /foundation-models} and {@code GET
 * /foundation-models/{modelIdentifier}}, listing the catalog's models.
 */
final class FoundationModelsHandler {
  private static final String ARN_PREFIX = "arn:aws:bedrock:strata::foundation-model/";

  private final BedrockExchanges exchanges;
  private final ModelCatalog catalog;

  FoundationModelsHandler(BedrockExchanges exchanges, ModelCatalog catalog) {
    this.exchanges = requireNonNull(exchanges, "exchanges");
    this.catalog = requireNonNull(catalog, "catalog");
  }

  BlockingHandler list() {
    return call -> {
      exchanges.caller(call);
      send(
          call,
          Json.write(
              512,
              json -> {
                json.writeStartObject();
                json.writeArrayFieldStart("modelSummaries");
                for (ModelEntry model : catalog.models()) {
                  summary(json, model);
                }
                json.writeEndArray();
                json.writeEndObject();
              }));
    };
  }

  BlockingHandler get() {
    return call -> {
      exchanges.caller(call);
      String name =
          ModelIds.modelName(
              ModelIds.percentDecoded(
                  call.request().path().substring("/foundation-models/".length())));
      ModelEntry model =
          catalog
              .model(name)
              .orElseThrow(
                  () ->
                      StrataException.builder(
                              dev.strata.core.error.ErrorKind.NOT_FOUND,
                              "The model '" + name + "' does not exist.")
                          .build());
      send(
          call,
          Json.write(
              256,
              json -> {
                json.writeStartObject();
                json.writeFieldName("modelDetails");
                summary(json, model);
                json.writeEndObject();
              }));
    };
  }

  private static void summary(JsonGenerator json, ModelEntry model) throws IOException {
    json.writeStartObject();
    json.writeStringField("modelArn", ARN_PREFIX + model.name());
    json.writeStringField("modelId", model.name());
    json.writeStringField("modelName", model.name());
    json.writeStringField("providerName", model.provider());
    json.writeArrayFieldStart("inputModalities");
    json.writeString("TEXT");
    json.writeEndArray();
    json.writeArrayFieldStart("outputModalities");
    json.writeString(model.supportsEmbeddings() ? "EMBEDDING" : "TEXT");
    json.writeEndArray();
    json.writeBooleanField("responseStreamingSupported", !model.supportsEmbeddings());
    json.writeArrayFieldStart("customizationsSupported");
    json.writeEndArray();
    json.writeArrayFieldStart("inferenceTypesSupported");
    json.writeString("ON_DEMAND");
    json.writeEndArray();
    json.writeObjectFieldStart("modelLifecycle");
    json.writeStringField("status", "ACTIVE");
    json.writeEndObject();
    json.writeEndObject();
  }

  private static void send(Call call, io.vertx.core.buffer.Buffer body) {
    call.response().putHeader(HttpHeaders.CONTENT_TYPE, StrataHeaders.APPLICATION_JSON).end(body);
  }
}
