package dev.strata.server.admin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.auth.ApiKey;
import dev.strata.core.auth.IssuedKey;
import dev.strata.core.auth.NewKey;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.server.http.BlockingEndpoints;
import dev.strata.server.http.BlockingHandler;
import dev.strata.server.http.Call;
import dev.strata.server.http.Json;
import dev.strata.server.http.StrataHeaders;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The admin API: {@code POST/GET /admin/keys}, {@code DELETE /admin/keys/{id}} (or {@code POST
 * /admin/keys/{id}/revoke}), and the cost explorer, savings view and exports ({@link
 * CostEndpoints}). Every route needs the admin key; errors use the OpenAI error shape.
 */
public final class AdminFrontend {
  private static final Set<String> NEW_KEY_FIELDS = Set.of("name", "tenant", "team", "app", "tags");

  private final AdminApi api;
  private final BlockingEndpoints endpoints;
  private final Clock clock;

  public AdminFrontend(AdminApi api, BlockingEndpoints endpoints, Clock clock) {
    this.api = requireNonNull(api, "api");
    this.endpoints = requireNonNull(endpoints, "endpoints");
    this.clock = requireNonNull(clock, "clock");
  }

  /** Adds the admin routes to {@code router}. */
  public void mount(Router router) {
    router.post("/admin/keys").handler(endpoints.withJsonBody(admin(this::createKey)));
    router.get("/admin/keys").handler(endpoints.withoutBody(admin(this::listKeys)));
    router.delete("/admin/keys/:id").handler(endpoints.withoutBody(admin(this::revokeKey)));
    router.post("/admin/keys/:id/revoke").handler(endpoints.withoutBody(admin(this::revokeKey)));
    new CostEndpoints(api, clock).mount(router, endpoints);
  }

  private BlockingHandler admin(BlockingHandler handler) {
    return call -> {
      AdminAuth.require(api, call.request());
      handler.handle(call);
    };
  }

  private void createKey(Call call) {
    NewKey request = newKey(Json.parse(call.body()));
    IssuedKey issued = api.createKey(request);
    send(call, 201, Json.write(512, json -> KeyJson.write(json, issued.key(), issued.secret())));
  }

  private void listKeys(Call call) {
    List<ApiKey> keys = api.listKeys();
    send(
        call,
        200,
        Json.write(
            256 + keys.size() * 256,
            json -> {
              json.writeStartObject();
              json.writeStringField("object", "list");
              json.writeArrayFieldStart("data");
              for (ApiKey key : keys) {
                KeyJson.write(json, key, null);
              }
              json.writeEndArray();
              json.writeEndObject();
            }));
  }

  private void revokeKey(Call call) {
    String id = call.pathParam("id");
    if (!api.revokeKey(id)) {
      throw StrataException.builder(ErrorKind.NOT_FOUND, "No key has the id '" + id + "'.")
          .param("id")
          .code("key_not_found")
          .build();
    }
    send(
        call,
        200,
        Json.write(
            64,
            json -> {
              json.writeStartObject();
              json.writeStringField("id", id);
              json.writeStringField("object", "key");
              json.writeBooleanField("revoked", true);
              json.writeEndObject();
            }));
  }

  private static NewKey newKey(JsonNode body) {
    if (!body.isObject()) {
      throw StrataException.invalid("The request body must be a JSON object with a 'name'.");
    }
    for (Map.Entry<String, JsonNode> field : body.properties()) {
      if (!NEW_KEY_FIELDS.contains(field.getKey())) {
        throw StrataException.invalid(
            field.getKey(), "Unrecognized request argument supplied: " + field.getKey());
      }
    }
    String name = text(body, "name");
    if (name == null) {
      throw StrataException.invalid("name", "Missing required parameter: 'name'.");
    }
    Map<String, String> tags = new LinkedHashMap<>();
    JsonNode tagNode = body.get("tags");
    if (tagNode != null && !tagNode.isNull()) {
      if (!tagNode.isObject()) {
        throw StrataException.invalid("tags", "'tags' must be an object of strings.");
      }
      for (Map.Entry<String, JsonNode> tag : tagNode.properties()) {
        if (!tag.getValue().isTextual()) {
          throw StrataException.invalid("tags." + tag.getKey(), "tag values must be strings.");
        }
        tags.put(tag.getKey(), tag.getValue().textValue());
      }
    }
    try {
      return new NewKey(name, text(body, "tenant"), text(body, "team"), text(body, "app"), tags);
    } catch (IllegalArgumentException e) {
      throw StrataException.invalid("name", e.getMessage());
    }
  }

  private static String text(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw StrataException.invalid(field, "'" + field + "' must be a string.");
    }
    return value.textValue();
  }

  private static void send(Call call, int status, Buffer body) {
    call.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, StrataHeaders.APPLICATION_JSON)
        .end(body);
  }
}
