package dev.strata.server.admin;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.strata.core.budget.Budget;
import dev.strata.core.budget.BudgetStatus;
import dev.strata.core.money.Money;
import java.io.IOException;

/** Writes a budget with its current period's figures. Money is exact: decimal strings. */
final class BudgetJson {
  private BudgetJson() {}

  static void write(JsonGenerator json, BudgetStatus status) throws IOException {
    Budget budget = status.budget();
    json.writeStartObject();
    json.writeStringField("id", budget.id());
    json.writeStringField("object", "budget");
    json.writeStringField("name", budget.name());
    json.writeStringField("scope", budget.scope().wireForm());
    json.writeStringField("period", budget.period().wireName());
    json.writeStringField("enforcement", budget.enforcement().wireName());
    json.writeStringField("limit_usd", usd(budget.limit()));
    json.writeArrayFieldStart("alert_percents");
    for (int percent : budget.alertPercents()) {
      json.writeNumber(percent);
    }
    json.writeEndArray();
    json.writeStringField("period_start", status.periodStart().toString());
    json.writeStringField("period_end", status.periodEnd().toString());
    json.writeStringField("spent_usd", usd(status.settled()));
    json.writeStringField("reserved_usd", usd(status.reserved()));
    if (status.forecast().isPresent()) {
      json.writeStringField("forecast_usd", usd(status.forecast().get()));
    } else {
      json.writeNullField("forecast_usd");
    }
    json.writeNumberField("used_fraction", Math.round(status.fractionUsed() * 1e6) / 1e6);
    json.writeEndObject();
  }

  static String usd(Money money) {
    return money.toUsd().stripTrailingZeros().toPlainString();
  }
}
