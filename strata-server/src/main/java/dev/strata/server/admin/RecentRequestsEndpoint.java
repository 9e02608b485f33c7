package dev.strata.server.admin;

import static java.util.Objects.requireNonNull;

import dev.strata.core.error.StrataException;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.ledger.UsageRecordJson;
import dev.strata.server.http.BlockingEndpoints;
import dev.strata.server.http.Call;
import dev.strata.server.http.Json;
import dev.strata.server.http.StrataHeaders;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import java.util.List;

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
                    UsageRecordJson.write(json, record);
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

}
