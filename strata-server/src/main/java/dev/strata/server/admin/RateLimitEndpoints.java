package dev.strata.server.admin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.strata.core.auth.KeySecrets;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.ratelimit.RateLimit;
import dev.strata.core.ratelimit.RateLimitScope;
import dev.strata.core.ratelimit.RateLimiter;
import dev.strata.server.http.BlockingEndpoints;
import dev.strata.server.http.BlockingHandler;
import dev.strata.server.http.Call;
import dev.strata.server.http.Json;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * {@code /admin/rate-limits}: list, create ({@code scope} plus {@code rpm} and/or {@code tpm}),
 * change ({@code PATCH}) and delete. A changed limit starts with full buckets.
 */
public final class RateLimitEndpoints {
  private static final Set<String> FIELDS = Set.of("id", "scope", "rpm", "tpm");
  private static final Set<String> CHANGEABLE = Set.of("scope", "rpm", "tpm");

  private final AdminApi api;
  private final RateLimiter limiter;
  private final BlockingEndpoints endpoints;

  public RateLimitEndpoints(AdminApi api, RateLimiter limiter, BlockingEndpoints endpoints) {
    this.api = requireNonNull(api, "api");
    this.limiter = requireNonNull(limiter, "limiter");
    this.endpoints = requireNonNull(endpoints, "endpoints");
  }

  public void mount(Router router) {
    router.get("/admin/rate-limits").handler(endpoints.withoutBody(admin(this::list)));
    router.post("/admin/rate-limits").handler(endpoints.withJsonBody(admin(this::create)));
    router.patch("/admin/rate-limits/:id").handler(endpoints.withJsonBody(admin(this::change)));
    router.delete("/admin/rate-limits/:id").handler(endpoints.withoutBody(admin(this::delete)));
  }

  private BlockingHandler admin(BlockingHandler handler) {
    return call -> {
      AdminAuth.require(api, call.request());
      handler.handle(call);
    };
  }

  private void list(Call call) {
    List<RateLimit> limits = limiter.all();
    BudgetEndpoints.send(
        call,
        200,
        Json.write(
            128 + limits.size() * 128,
            json -> {
              json.writeStartObject();
              json.writeStringField("object", "list");
              json.writeArrayFieldStart("data");
              for (RateLimit limit : limits) {
                write(json, limit);
              }
              json.writeEndArray();
              json.writeEndObject();
            }));
  }

  private void create(Call call) {
    AdminBody body = AdminBody.of(Json.parse(call.body()), FIELDS);
    String id = body.text("id").orElseGet(() -> "rl_" + KeySecrets.randomToken(12).toLowerCase(Locale.ROOT));
    if (find(id).isPresent()) {
      throw StrataException.builder(ErrorKind.INVALID_REQUEST, "A rate limit with the id '" + id + "' exists.")
          .param("id")
          .code("rate_limit_exists")
          .build();
    }
    RateLimit limit =
        new RateLimit(
            id,
            RateLimitScope.parse(body.requiredText("scope")),
            body.positiveLong("rpm"),
            body.positiveLong("tpm"));
    limiter.save(limit);
    BudgetEndpoints.send(call, 201, Json.write(128, json -> write(json, limit)));
  }

  private void change(Call call) {
    String id = call.pathParam("id");
    RateLimit current = find(id).orElseThrow(() -> notFound(id));
    AdminBody body = AdminBody.of(Json.parse(call.body()), CHANGEABLE);
    OptionalLong rpm = body.has("rpm") ? body.positiveLong("rpm") : current.requestsPerMinute();
    OptionalLong tpm = body.has("tpm") ? body.positiveLong("tpm") : current.tokensPerMinute();
    RateLimit changed =
        new RateLimit(
            id, body.text("scope").map(RateLimitScope::parse).orElse(current.scope()), rpm, tpm);
    limiter.save(changed);
    BudgetEndpoints.send(call, 200, Json.write(128, json -> write(json, changed)));
  }

  private void delete(Call call) {
    String id = call.pathParam("id");
    if (!limiter.delete(id)) {
      throw notFound(id);
    }
    BudgetEndpoints.send(
        call,
        200,
        Json.write(
            64,
            json -> {
              json.writeStartObject();
              json.writeStringField("id", id);
              json.writeStringField("object", "rate_limit");
              json.writeBooleanField("deleted", true);
              json.writeEndObject();
            }));
  }

  private Optional<RateLimit> find(String id) {
    return limiter.all().stream().filter(limit -> limit.id().equals(id)).findFirst();
  }

  private static void write(JsonGenerator json, RateLimit limit) throws IOException {
    json.writeStartObject();
    json.writeStringField("id", limit.id());
    json.writeStringField("object", "rate_limit");
    json.writeStringField("scope", limit.scope().wireForm());
    if (limit.requestsPerMinute().isPresent()) {
      json.writeNumberField("rpm", limit.requestsPerMinute().getAsLong());
    } else {
      json.writeNullField("rpm");
    }
    if (limit.tokensPerMinute().isPresent()) {
      json.writeNumberField("tpm", limit.tokensPerMinute().getAsLong());
    } else {
      json.writeNullField("tpm");
    }
    json.writeEndObject();
  }

  private static StrataException notFound(String id) {
    return StrataException.builder(ErrorKind.NOT_FOUND, "No rate limit has the id '" + id + "'.")
        .param("id")
        .code("rate_limit_not_found")
        .build();
  }
}
