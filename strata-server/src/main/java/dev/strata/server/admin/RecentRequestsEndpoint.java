package dev.strata.server.admin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.strata.core.auth.Principal;
import dev.strata.core.error.StrataException;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.model.Usage;
import dev.strata.server.http.BlockingEndpoints;
import dev.strata.server.http.Call;
import dev.strata.server.http.Json;
import dev.strata.server.http.StrataHeaders;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /admin/requests?limit=N}: the latest ledger records, newest first, with the fields
 * and names of the {@code ledger.jsonl} export. Needs the admin key; {@code limit} defaults to
 * {@value #DEFAULT_LIMIT} and is at most {@value #MAX_LIMIT}.
 */
public final class RecentRequestsEndpoint {
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 1_000;

  private final AdminApi api;
  private final BlockingEndpoints endpoints;

  public RecentRequestsEndpoint(AdminApi api, BlockingEndpoints endpoints) {
    this.api = requireNonNull(api, "api");
    this.endpoints = requireNonNull(endpoints, "endpoints");
  }

  /** Adds {@code GET /admin/requests} to {@code router}. */
  public void mount(Router router) {
    router.get("/admin/requests").handler(endpoints.withoutBody(this::latest));
  }

  private void latest(Call call) {
    AdminAuth.require(api, call.request());
    int limit = limit(call.request().params());
    List<UsageRecord> records = api.latestRecords(limit);
    call.response()
        .setStatusCode(200)
        .putHeader(HttpHeaders.CONTENT_TYPE, StrataHeaders.APPLICATION_JSON)
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(
            Json.write(
                128 + records.size() * 640,
                json -> {
                  json.writeStartObject();
                  json.writeStringField("object", "list");
                  json.writeNumberField("limit", limit);
                  json.writeArrayFieldStart("data");
                  for (UsageRecord record : records) {
                    write(json, record);
                  }
                  json.writeEndArray();
                  json.writeEndObject();
                }));
  }

  static int limit(MultiMap params) {
    for (String name : params.names()) {
      if (!name.equals("limit")) {
        throw StrataException.invalid(
            name, "Unknown parameter '" + name + "'; this route takes only limit.");
      }
    }
    List<String> values = params.getAll("limit");
    if (values.isEmpty()) {
      return DEFAULT_LIMIT;
    }
    if (values.size() > 1) {
      throw StrataException.invalid("limit", "'limit' is given more than once.");
    }
    String text = values.get(0).strip();
    int limit;
    try {
      limit = text.length() > 7 ? -1 : Integer.parseInt(text);
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw StrataException.invalid(
          "limit",
          "'limit' must be a whole number from 1 to " + MAX_LIMIT + "; got '" + values.get(0) + "'.");
    }
    return limit;
  }

  private static void write(JsonGenerator json, UsageRecord record) throws IOException {
    Principal principal = record.principal();
    Usage usage = record.usage();
    json.writeStartObject();
    json.writeStringField("request_id", record.requestId());
    json.writeStringField("started_at", record.startedAt().toString());
    json.writeStringField("finished_at", record.finishedAt().toString());
    json.writeStringField("key_id", principal.keyId());
    json.writeStringField("tenant", principal.tenant());
    json.writeStringField("team", principal.team());
    json.writeStringField("app", principal.app());
    json.writeObjectFieldStart("tags");
    for (Map.Entry<String, String> tag : principal.tags().entrySet()) {
      json.writeStringField(tag.getKey(), tag.getValue());
    }
    json.writeEndObject();
    json.writeStringField("wire_format", record.wireFormat());
    json.writeStringField("operation", record.operation());
    json.writeStringField("requested_model", record.requestedModel());
    json.writeStringField("served_model", record.servedModel());
    json.writeStringField("provider", record.provider());
    json.writeNumberField("input_tokens", usage.inputTokens());
    json.writeNumberField("output_tokens", usage.outputTokens());
    json.writeNumberField("cache_read_tokens", usage.cacheReadInputTokens());
    json.writeNumberField("cache_write_tokens", usage.cacheWriteInputTokens());
    json.writeStringField("usage_source", record.usageSource().wireName());
    json.writeStringField("cost_usd", record.cost().toUsdString());
    json.writeNumberField("cost_micros", record.cost().toMicrosRounded());
    json.writeStringField("tier", record.tier().wireName());
    json.writeBooleanField("streamed", record.streamed());
    json.writeStringField("status", record.status());
    json.writeNumberField("http_status", record.httpStatus());
    json.writeNumberField("latency_ms", record.latencyMillis());
    if (record.timeToFirstTokenMillis().isPresent()) {
      json.writeNumberField("ttft_ms", record.timeToFirstTokenMillis().getAsLong());
    } else {
      json.writeNullField("ttft_ms");
    }
    json.writeEndObject();
  }
}
