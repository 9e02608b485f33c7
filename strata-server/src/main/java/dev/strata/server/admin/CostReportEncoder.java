package dev.strata.server.admin;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.strata.core.ledger.CostDimension;
import dev.strata.core.ledger.CostExplorerQuery;
import dev.strata.core.ledger.CostFilter;
import dev.strata.core.ledger.CostReport;
import dev.strata.core.ledger.CostRow;
import dev.strata.core.money.Money;
import dev.strata.server.http.Json;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * Encodes a cost report: the period, time zone, grouping, filters and source, one entry per group
 * and the totals. Money is an exact decimal string ({@code cost_usd}) and rounded micro-dollars
 * ({@code cost_micros}).
 */
final class CostReportEncoder {
  private CostReportEncoder() {}

  static Buffer encode(CostReport report) {
    CostExplorerQuery query = report.query();
    return Json.write(
        512 + report.rows().size() * 320,
        json -> {
          json.writeStartObject();
          json.writeStringField("object", "cost_report");
          json.writeStringField("since", query.from().toString());
          json.writeStringField("until", query.to().toString());
          json.writeStringField("time_zone", query.zone().getId());
          json.writeArrayFieldStart("group_by");
          for (CostDimension dimension : query.groupBy()) {
            json.writeString(dimension.wireName());
          }
          json.writeEndArray();
          json.writeObjectFieldStart("filters");
          for (CostFilter filter : query.filters()) {
            json.writeArrayFieldStart(filter.dimension().wireName());
            for (String value : filter.values()) {
              json.writeString(value);
            }
            json.writeEndArray();
          }
          json.writeEndObject();
          json.writeStringField("source", report.source().wireName());
          json.writeArrayFieldStart("data");
          long requests = 0, input = 0, output = 0, cacheRead = 0, cacheWrite = 0, estimated = 0;
          Money total = Money.ZERO;
          for (CostRow row : report.rows()) {
            requests += row.requests();
            input += row.inputTokens();
            output += row.outputTokens();
            cacheRead += row.cacheReadTokens();
            cacheWrite += row.cacheWriteTokens();
            estimated += row.estimatedRequests();
            total = total.plus(row.cost());
            json.writeStartObject();
            json.writeObjectFieldStart("group");
            for (int i = 0; i < query.groupBy().size() && i < row.group().size(); i++) {
              json.writeStringField(query.groupBy().get(i).wireName(), row.group().get(i));
            }
            json.writeEndObject();
            sums(json, row.requests(), row.inputTokens(), row.outputTokens(), row.cacheReadTokens(),
                row.cacheWriteTokens(), row.cost(), row.estimatedRequests());
            json.writeEndObject();
          }
          json.writeEndArray();
          json.writeObjectFieldStart("total");
          sums(json, requests, input, output, cacheRead, cacheWrite, total, estimated);
          json.writeEndObject();
          json.writeEndObject();
        });
  }

  private static void sums(
      JsonGenerator json,
      long requests,
      long input,
      long output,
      long cacheRead,
      long cacheWrite,
      Money cost,
      long estimated)
      throws IOException {
    json.writeNumberField("requests", requests);
    json.writeNumberField("input_tokens", input);
    json.writeNumberField("output_tokens", output);
    json.writeNumberField("cache_read_tokens", cacheRead);
    json.writeNumberField("cache_write_tokens", cacheWrite);
    json.writeStringField("cost_usd", cost.toUsdString());
    json.writeNumberField("cost_micros", cost.toMicrosRounded());
    json.writeNumberField("estimated_requests", estimated);
  }
}
