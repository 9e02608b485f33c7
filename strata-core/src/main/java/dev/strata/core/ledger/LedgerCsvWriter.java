package dev.strata.core.ledger;

import static java.util.Objects.requireNonNull;

import dev.strata.core.auth.Principal;
import dev.strata.core.model.Usage;
import java.util.List;

/** The raw ledger as CSV: every column of a record; money as exact USD and as pico-dollars. */
final class LedgerCsvWriter implements ExportWriter {
  static final List<String> COLUMNS =
      List.of(
          "request_id", "started_at", "finished_at", "key_id", "tenant", "team", "app", "tags",
          "wire_format", "operation", "requested_model", "served_model", "provider",
          "input_tokens", "output_tokens", "cache_read_tokens", "cache_write_5m_tokens",
          "cache_write_1h_tokens", "usage_source", "cost_usd", "cost_pico", "price_reference",
          "tier", "streamed", "status", "http_status", "latency_ms", "ttft_ms", "response_cache",
          "saved_usd", "saved_pico");

  private final Appendable out;

  LedgerCsvWriter(Appendable out) {
    this.out = requireNonNull(out, "out");
  }

  @Override
  public void begin() {
    CsvLine.write(out, COLUMNS);
  }

  @Override
  public void write(UsageRecord record) {
    Principal principal = record.principal();
    Usage usage = record.usage();
    CsvLine.write(
        out,
        List.of(
            record.requestId(),
            record.startedAt().toString(),
            record.finishedAt().toString(),
            principal.keyId(),
            principal.tenant(),
            principal.team(),
            principal.app(),
            ExportJson.object(principal.tags()),
            record.wireFormat(),
            record.operation(),
            record.requestedModel(),
            record.servedModel(),
            record.provider(),
            Long.toString(usage.inputTokens()),
            Long.toString(usage.outputTokens()),
            Long.toString(usage.cacheReadInputTokens()),
            Long.toString(usage.cacheWrite5mInputTokens()),
            Long.toString(usage.cacheWrite1hInputTokens()),
            record.usageSource().wireName(),
            record.cost().toUsdString(),
            Long.toString(record.cost().picoUsd()),
            record.priceReference(),
            record.tier().wireName(),
            Boolean.toString(record.streamed()),
            record.status(),
            Integer.toString(record.httpStatus()),
            Long.toString(record.latencyMillis()),
            record.timeToFirstTokenMillis().isPresent()
                ? Long.toString(record.timeToFirstTokenMillis().getAsLong())
                : "",
            record.responseCache().wireName(),
            record.savedCost().toUsdString(),
            Long.toString(record.savedCost().picoUsd())));
  }
}
