package dev.strata.server.admin;

import dev.strata.core.ledger.CostGrouping;
import dev.strata.core.ledger.CostQuery;
import dev.strata.core.ledger.CostRow;
import dev.strata.core.money.Money;
import dev.strata.server.http.Json;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/** Encodes a cost report: the period, the grouping, one entry per group and the totals. */
final class CostReportEncoder {
  private CostReportEncoder() {}

  static Buffer encode(CostQuery query, List<CostRow> rows) {
    return Json.write(
        256 + rows.size() * 256,
        json -> {
          json.writeStartObject();
          json.writeStringField("object", "cost_report");
          json.writeStringField("since", query.from().toString());
          json.writeStringField("until", query.to().toString());
          json.writeArrayFieldStart("group_by");
          for (CostGrouping grouping : query.groupBy()) {
            json.writeString(grouping.wireName());
          }
          json.writeEndArray();
          json.writeArrayFieldStart("data");
          long requests = 0;
          Money total = Money.ZERO;
          for (CostRow row : rows) {
            requests += row.requests();
            total = total.plus(row.cost());
            json.writeStartObject();
            json.writeObjectFieldStart("group");
            for (int i = 0; i < query.groupBy().size() && i < row.group().size(); i++) {
              json.writeStringField(query.groupBy().get(i).wireName(), row.group().get(i));
            }
            json.writeEndObject();
            json.writeNumberField("requests", row.requests());
            json.writeNumberField("input_tokens", row.inputTokens());
            json.writeNumberField("output_tokens", row.outputTokens());
            json.writeNumberField("cache_read_tokens", row.cacheReadTokens());
            json.writeNumberField("cache_write_tokens", row.cacheWriteTokens());
            json.writeStringField("cost_usd", row.cost().toUsdString());
            json.writeNumberField("estimated_requests", row.estimatedRequests());
            json.writeEndObject();
          }
          json.writeEndArray();
          json.writeObjectFieldStart("total");
          json.writeNumberField("requests", requests);
          json.writeStringField("cost_usd", total.toUsdString());
          json.writeEndObject();
          json.writeEndObject();
        });
  }
}
