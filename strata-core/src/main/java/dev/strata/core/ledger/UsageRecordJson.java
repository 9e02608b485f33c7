package dev.strata.core.ledger;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.strata.core.auth.Principal;
import dev.strata.core.model.Usage;
import java.io.IOException;
import java.util.Map;

/**
 * One usage record as a JSON object, the same wherever records leave Strata: the JSON-lines
 * export and the admin API's latest requests. Money is exact: a decimal string and pico-dollars.
 */
public final class UsageRecordJson {
  private UsageRecordJson() {}

  public static void write(JsonGenerator json, UsageRecord record) throws IOException {
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
    json.writeNumberField("cache_write_5m_tokens", usage.cacheWrite5mInputTokens());
    json.writeNumberField("cache_write_1h_tokens", usage.cacheWrite1hInputTokens());
    json.writeStringField("usage_source", record.usageSource().wireName());
    json.writeStringField("cost_usd", record.cost().toUsdString());
    json.writeNumberField("cost_pico", record.cost().picoUsd());
    json.writeStringField("price_reference", record.priceReference());
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
    json.writeStringField("response_cache", record.responseCache().wireName());
    json.writeStringField("saved_usd", record.savedCost().toUsdString());
    json.writeNumberField("saved_pico", record.savedCost().picoUsd());
    json.writeEndObject();
  }
}
