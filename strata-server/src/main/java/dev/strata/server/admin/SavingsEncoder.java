package dev.strata.server.admin;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.strata.core.ledger.SavingsReport;
import dev.strata.core.ledger.SavingsRow;
import dev.strata.core.money.Money;
import dev.strata.server.http.Json;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/** Encodes the savings view: all traffic, then each lever's traffic, baseline against actual. */
final class SavingsEncoder {
  private SavingsEncoder() {}

  static Buffer encode(SavingsReport report) {
    return Json.write(
        1024,
        json -> {
          json.writeStartObject();
          json.writeStringField("object", "savings_report");
          json.writeStringField("since", report.from().toString());
          json.writeStringField("until", report.to().toString());
          json.writeStringField("baseline", "requested model at its on-demand list price");
          json.writeFieldName("total");
          row(json, report.overall());
          json.writeArrayFieldStart("levers");
          for (SavingsRow lever : report.levers()) {
            row(json, lever);
          }
          json.writeEndArray();
          json.writeEndObject();
        });
  }

  private static void row(JsonGenerator json, SavingsRow row) throws IOException {
    json.writeStartObject();
    json.writeStringField("lever", row.name());
    json.writeNumberField("requests", row.requests());
    money(json, "baseline_cost", row.baseline());
    money(json, "actual_cost", row.actual());
    money(json, "savings", row.savings());
    json.writeNumberField("unpriced_requests", row.unpricedRequests());
    json.writeEndObject();
  }

  private static void money(JsonGenerator json, String name, Money amount) throws IOException {
    json.writeStringField(name + "_usd", amount.toUsdString());
    json.writeNumberField(name + "_micros", amount.toMicrosRounded());
  }
}
