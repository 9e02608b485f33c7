package dev.strata.server.admin;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.strata.core.advice.BatchCandidate;
import dev.strata.core.advice.ProvisionedCandidate;
import dev.strata.core.advice.TierAdvice;
import dev.strata.core.money.Money;
import dev.strata.core.provisioned.CommitmentTerm;
import dev.strata.server.http.Json;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Tier advice as the admin API (and {@code strata tiers}) shows it: the window and price book,
 * then the batch candidates and the provisioned candidates, each with a sentence saying where its
 * figures come from. Amounts are exact USD strings with rounded micro-dollars beside them; ratios
 * are decimal strings (0.5 = 50 %).
 */
public final class TierAdviceJson {
  private static final String BATCH_SOURCE =
      "on-demand ledger records that were not streamed, re-priced at the batch price of the served"
          + " model's price-book entry in force on their day; on-demand cost is the metered cost";
  private static final String PROVISIONED_SOURCE =
      "hourly rollups of on-demand records in the window's whole hours; units sized to cover the"
          + " sizing percentile's hour, each hour carrying its tokens up to capacity, at the"
          + " provisioned price in force on the window's last day";

  private TierAdviceJson() {}

  /** The JSON document of {@code advice}. */
  public static Buffer encode(TierAdvice advice) {
    return Json.write(
        2048 + advice.batch().size() * 1024 + advice.provisioned().size() * 2048,
        json -> {
          json.writeStartObject();
          json.writeStringField("object", "tier_recommendations");
          json.writeStringField("since", advice.from().toString());
          json.writeStringField("until", advice.to().toString());
          json.writeStringField("price_book", advice.priceBook());
          batch(json, advice);
          provisioned(json, advice);
          json.writeEndObject();
        });
  }

  private static void batch(JsonGenerator json, TierAdvice advice) throws IOException {
    json.writeObjectFieldStart("batch");
    json.writeStringField("source", BATCH_SOURCE);
    json.writeStringField(
        "latency_tolerant_share", advice.options().latencyTolerantShare().toPlainString());
    json.writeNumberField("keys_considered", advice.keysConsidered());
    money(json, "saving", advice.batchSaving());
    json.writeArrayFieldStart("data");
    for (BatchCandidate candidate : advice.batch()) {
      json.writeStartObject();
      json.writeStringField("key_id", candidate.keyId());
      json.writeStringField("tenant", candidate.tenant());
      json.writeStringField("team", candidate.team());
      json.writeStringField("app", candidate.app());
      json.writeNumberField("requests", candidate.requests());
      json.writeNumberField("streamed_requests", candidate.streamedRequests());
      json.writeStringField("not_streamed_share", candidate.notStreamedShare().toPlainString());
      json.writeNumberField("unbatchable_requests", candidate.unbatchableRequests());
      money(json, "on_demand_cost", candidate.onDemandCost());
      money(json, "batch_cost", candidate.batchCost());
      money(json, "saving", candidate.saving());
      json.writeArrayFieldStart("models");
      for (BatchCandidate.ModelLine line : candidate.models()) {
        json.writeStartObject();
        json.writeStringField("model", line.model());
        json.writeStringField("price_id", line.priceId());
        json.writeArrayFieldStart("price_references");
        for (String reference : line.priceReferences()) {
          json.writeString(reference);
        }
        json.writeEndArray();
        json.writeNumberField("requests", line.requests());
        json.writeNumberField("input_tokens", line.inputTokens());
        json.writeNumberField("output_tokens", line.outputTokens());
        json.writeNumberField("cache_read_tokens", line.cacheReadTokens());
        json.writeNumberField("cache_write_tokens", line.cacheWriteTokens());
        money(json, "on_demand_cost", line.onDemandCost());
        money(json, "batch_cost", line.batchCost());
        money(json, "saving", line.saving());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  private static void provisioned(JsonGenerator json, TierAdvice advice) throws IOException {
    json.writeObjectFieldStart("provisioned");
    json.writeStringField("source", PROVISIONED_SOURCE);
    json.writeStringField("hours_since", advice.hours().from().toString());
    json.writeStringField("hours_until", advice.hours().to().toString());
    json.writeNumberField("hours", advice.hours().count());
    json.writeNumberField("sizing_percentile", advice.options().sizingPercentile());
    money(json, "saving", advice.provisionedSaving());
    json.writeArrayFieldStart("data");
    for (ProvisionedCandidate candidate : advice.provisioned()) {
      json.writeStartObject();
      json.writeStringField("model", candidate.priceId());
      json.writeArrayFieldStart("served_models");
      for (String served : candidate.servedModels()) {
        json.writeString(served);
      }
      json.writeEndArray();
      json.writeStringField("price_reference", candidate.priceReference());
      json.writeNumberField("tokens_per_minute_per_unit", candidate.tokensPerMinutePerUnit());
      json.writeNumberField("hours", candidate.hours());
      json.writeNumberField("active_hours", candidate.activeHours());
      json.writeNumberField("requests", candidate.requests());
      json.writeNumberField("tokens", candidate.tokens());
      money(json, "on_demand_cost", candidate.onDemandCost());
      json.writeStringField("p50_tokens_per_minute", perMinute(candidate.p50TokensPerHour()));
      json.writeStringField("p90_tokens_per_minute", perMinute(candidate.p90TokensPerHour()));
      json.writeStringField("sizing_tokens_per_minute", perMinute(candidate.sizingTokensPerHour()));
      json.writeNumberField("model_units", candidate.modelUnits());
      json.writeNumberField("capacity_tokens", candidate.capacityTokens());
      json.writeNumberField("carried_tokens", candidate.carriedTokens());
      money(json, "carried_on_demand_cost", candidate.carriedOnDemandCost());
      json.writeStringField("utilisation", candidate.utilisation().toPlainString());
      json.writeArrayFieldStart("terms");
      for (ProvisionedCandidate.TermOption option : candidate.terms()) {
        json.writeStartObject();
        json.writeStringField("commitment", commitment(option.term()));
        money(json, "hourly_per_unit", option.hourlyPerUnit());
        money(json, "provisioned_cost", option.provisionedCost());
        money(json, "on_demand_cost", candidate.carriedOnDemandCost());
        money(json, "saving", option.saving());
        json.writeStringField(
            "verdict",
            option.saving().picoUsd() > 0 ? "saving" : option.saving().isZero() ? "even" : "loss");
        if (option.breakEvenUtilisation().isPresent()) {
          json.writeStringField(
              "break_even_utilisation", option.breakEvenUtilisation().get().toPlainString());
        }
        json.writeEndObject();
      }
      json.writeEndArray();
      if (candidate.recommended().isPresent()) {
        json.writeStringField(
            "recommended_commitment", commitment(candidate.recommended().get().term()));
      } else {
        json.writeNullField("recommended_commitment");
      }
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  /** Bedrock's name of a term: {@code None}, {@code OneMonth} or {@code SixMonths}. */
  private static String commitment(CommitmentTerm term) {
    return term.wireName().orElse("None");
  }

  /** Tokens per hour as tokens per minute, rounded half-up to two places. */
  private static String perMinute(long tokensPerHour) {
    return BigDecimal.valueOf(tokensPerHour)
        .divide(BigDecimal.valueOf(60), 2, RoundingMode.HALF_UP)
        .stripTrailingZeros()
        .toPlainString();
  }

  private static void money(JsonGenerator json, String name, Money amount) throws IOException {
    json.writeStringField(name + "_usd", amount.toUsdString());
    json.writeNumberField(name + "_micros", amount.toMicrosRounded());
  }
}
