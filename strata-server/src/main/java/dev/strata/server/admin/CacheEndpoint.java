package dev.strata.server.admin;

import static java.util.Objects.requireNonNull;

import dev.strata.core.cache.CacheInvalidator;
import dev.strata.core.error.StrataException;
import dev.strata.server.http.BlockingEndpoints;
import dev.strata.server.http.Call;
import dev.strata.server.http.Json;
import dev.strata.server.http.StrataHeaders;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.Set;

/**
 * The response cache's admin routes, with the admin key: {@code GET /admin/cache} counts the
 * entries; {@code DELETE /admin/cache} forgets all of them, or with {@code tenant} and/or {@code
 * model} only those, and says how many went.
 */
public final class CacheEndpoint {
  private static final Set<String> PARAMETERS = Set.of("tenant", "model");

  private final AdminApi api;
  private final CacheInvalidator cache;
  private final BlockingEndpoints endpoints;

  public CacheEndpoint(AdminApi api, CacheInvalidator cache, BlockingEndpoints endpoints) {
    this.api = requireNonNull(api, "api");
    this.cache = requireNonNull(cache, "cache");
    this.endpoints = requireNonNull(endpoints, "endpoints");
  }

  /** Adds {@code GET} and {@code DELETE /admin/cache} to {@code router}. */
  public void mount(Router router) {
    router.get("/admin/cache").handler(endpoints.withoutBody(this::count));
    router.delete("/admin/cache").handler(endpoints.withoutBody(this::invalidate));
  }

  private void count(Call call) {
    AdminAuth.require(api, call.request());
    long entries = cache.size();
    respond(
        call,
        Json.write(
            64,
            json -> {
              json.writeStartObject();
              json.writeStringField("object", "response_cache");
              json.writeNumberField("entries", entries);
              json.writeEndObject();
            }));
  }

  private void invalidate(Call call) {
    AdminAuth.require(api, call.request());
    MultiMap params = call.request().params();
    String tenant = single(params, "tenant");
    String model = single(params, "model");
    long removed = cache.invalidate(tenant, model);
    respond(
        call,
        Json.write(
            128,
            json -> {
              json.writeStartObject();
              json.writeStringField("object", "response_cache.invalidation");
              json.writeStringField("tenant", tenant.isEmpty() ? null : tenant);
              json.writeStringField("model", model.isEmpty() ? null : model);
              json.writeNumberField("removed", removed);
              json.writeEndObject();
            }));
  }

  private static void respond(Call call, io.vertx.core.buffer.Buffer body) {
    call.response()
        .setStatusCode(200)
        .putHeader(HttpHeaders.CONTENT_TYPE, StrataHeaders.APPLICATION_JSON)
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(body);
  }

  /** The parameter's one non-blank value, or empty when absent; unknown parameters are refused. */
  static String single(MultiMap params, String name) {
    for (String given : params.names()) {
      if (!PARAMETERS.contains(given)) {
        throw StrataException.invalid(
            given, "Unknown parameter '" + given + "'; this route takes only tenant and model.");
      }
    }
    List<String> values = params.getAll(name);
    if (values.isEmpty()) {
      return "";
    }
    if (values.size() > 1 || values.get(0).isBlank()) {
      throw StrataException.invalid(name, "'" + name + "' must be given once and not be blank.");
    }
    return values.get(0).strip();
  }
}
