package dev.strata.server.openai;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.strata.core.auth.Authenticator;
import dev.strata.core.catalog.ModelCatalog;
import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.error.StrataException;
import dev.strata.server.http.BlockingHandler;
import dev.strata.server.http.Call;
import dev.strata.server.http.Credentials;
import dev.strata.server.http.Json;
import dev.strata.server.http.StrataHeaders;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /v1/models} and {@code GET /v1/models/{model}}: the catalog's models and aliases. An
 * alias is owned by the provider of the first model it names.
 */
final class ModelsHandler {
  private final Authenticator authenticator;
  private final ModelCatalog catalog;
  private final long created;

  ModelsHandler(Authenticator authenticator, ModelCatalog catalog, long created) {
    this.authenticator = requireNonNull(authenticator, "authenticator");
    this.catalog = requireNonNull(catalog, "catalog");
    this.created = created;
  }

  BlockingHandler list() {
    return call -> {
      authenticator.authenticate(Credentials.of(call.request()));
      Buffer body =
          Json.write(
              256,
              json -> {
                json.writeStartObject();
                json.writeStringField("object", "list");
                json.writeArrayFieldStart("data");
                for (ModelEntry model : catalog.models()) {
                  writeModel(json, model.name(), model.provider());
                }
                for (Map.Entry<String, List<String>> alias : catalog.aliases().entrySet()) {
                  writeModel(json, alias.getKey(), aliasOwner(alias.getValue()));
                }
                json.writeEndArray();
                json.writeEndObject();
              });
      send(call, body);
    };
  }

  BlockingHandler retrieve() {
    return call -> {
      authenticator.authenticate(Credentials.of(call.request()));
      String name = call.pathParam("model");
      String owner = owner(name).orElseThrow(() -> StrataException.modelNotFound(name));
      send(call, Json.write(128, json -> writeModel(json, name, owner)));
    };
  }

  private Optional<String> owner(String name) {
    Optional<ModelEntry> model = catalog.model(name);
    if (model.isPresent()) {
      return Optional.of(model.get().provider());
    }
    List<String> targets = catalog.aliases().get(name);
    return targets == null ? Optional.empty() : Optional.of(aliasOwner(targets));
  }

  private String aliasOwner(List<String> targets) {
    return catalog.model(targets.get(0)).map(ModelEntry::provider).orElse("strata");
  }

  private void writeModel(JsonGenerator json, String id, String owner) throws IOException {
    json.writeStartObject();
    json.writeStringField("id", id);
    json.writeStringField("object", "model");
    json.writeNumberField("created", created);
    json.writeStringField("owned_by", owner);
    json.writeEndObject();
  }

  private static void send(Call call, Buffer body) {
    call.response().putHeader(HttpHeaders.CONTENT_TYPE, StrataHeaders.APPLICATION_JSON).end(body);
  }
}
