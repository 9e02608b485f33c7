package dev.strata.server.bedrock.provisioned;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.strata.core.auth.Principal;
import dev.strata.core.money.Money;
import dev.strata.core.provisioned.BreakEvenReport;
import dev.strata.core.provisioned.ProvisionedModel;
import dev.strata.server.http.Json;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * The break-even report as the admin API shows it: totals, then one entry per provisioned model.
 * Amounts are exact USD strings with rounded micro-dollars beside them, as in the savings view;
 * ratios are decimal strings (0.5 = 50 %).
 */
final class BreakEvenJson {
  private BreakEvenJson() {}

  static Buffer encode(BreakEvenReport report) {
    return Json.write(
        512 + report.lines().size() * 768,
        json -> {
          json.writeStartObject();
          json.writeStringField("object", "provisioned_report");
          json.writeStringField("since", report.from().toString());
          json.writeStringField("until", report.to().toString());
          json.writeStringField(
              "baseline", "the tokens served, at the base model's on-demand list price");
          money(json, "accrued_cost", report.accruedCost());
          money(json, "on_demand_cost", report.onDemandCost());
          money(json, "saving", report.saving());
          json.writeArrayFieldStart("data");
          for (BreakEvenReport.Line line : report.lines()) {
            line(json, line);
          }
          json.writeEndArray();
          json.writeEndObject();
        });
  }

  private static void line(JsonGenerator json, BreakEvenReport.Line line) throws IOException {
    ProvisionedModel model = line.model();
    json.writeStartObject();
    json.writeStringField("provisioned_model_arn", model.arn());
    json.writeStringField("name", model.name());
    json.writeStringField("base_model", model.baseModel());
    json.writeStringField("base_price_id", model.basePriceId());
    json.writeNumberField("model_units", model.modelUnits());
    json.writeStringField("commitment", model.commitment().wireName().orElse("None"));
    owner(json, model.owner());
    json.writeStringField("created_at", model.createdAt().toString());
    if (line.deletedAt().isPresent()) {
      json.writeStringField("deleted_at", line.deletedAt().get().toString());
    }
    json.writeNumberField("hours", line.hours());
    money(json, "accrued_cost", line.accruedCost());
    json.writeNumberField("requests", line.requests());
    json.writeNumberField("tokens_served", line.tokensServed());
    json.writeNumberField("capacity_tokens", line.capacityTokens());
    json.writeStringField("utilisation", line.utilisation().toPlainString());
    money(json, "on_demand_cost", line.onDemandCost());
    json.writeBooleanField("on_demand_priced", line.onDemandPriced());
    money(json, "saving", line.saving());
    json.writeStringField(
        "verdict", line.isSaving() ? "saving" : line.saving().isZero() ? "even" : "loss");
    if (line.breakEvenUtilisation().isPresent()) {
      json.writeStringField(
          "break_even_utilisation", line.breakEvenUtilisation().get().toPlainString());
    }
    json.writeEndObject();
  }

  private static void owner(JsonGenerator json, Principal owner) throws IOException {
    json.writeObjectFieldStart("owner");
    json.writeStringField("key_id", owner.keyId());
    json.writeStringField("tenant", owner.tenant());
    json.writeStringField("team", owner.team());
    json.writeStringField("app", owner.app());
    json.writeEndObject();
  }

  private static void money(JsonGenerator json, String name, Money amount) throws IOException {
    json.writeStringField(name + "_usd", amount.toUsdString());
    json.writeNumberField(name + "_micros", amount.toMicrosRounded());
  }
}
