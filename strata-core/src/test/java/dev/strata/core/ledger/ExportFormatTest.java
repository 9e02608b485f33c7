package dev.strata.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.auth.Principal;
import dev.strata.core.cache.ResponseCacheStatus;
import dev.strata.core.model.Usage;
import dev.strata.core.money.Money;
import dev.strata.core.money.Tier;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ExportFormatTest {
  private static final UsageRecord RECORD =
      new UsageRecord(
          "req-1",
          Instant.parse("2025-03-31T23:59:59.900Z"),
          Instant.parse("2025-04-01T00:00:00.200Z"),
          new Principal("key_a", "acme", "search", "web", Map.of("owner", "a,\"b\"\nc")),
          "openai",
          "chat",
          "auto",
          "gpt-4o-mini",
          "openai",
          new Usage(100, 20, 30, 4, 1),
          UsageSource.PROVIDER,
          Money.ofPico(123_456_789),
          "gpt-4o-mini@2025-01-01 (test)",
          Tier.BATCH,
          true,
          "ok",
          200,
          300,
          OptionalLong.of(40));

  @Test
  void focusRow_mapsTheRecordOntoFocusColumns_exactly() {
    StringBuilder out = new StringBuilder();
    ExportWriter writer = ExportFormat.FOCUS_CSV.writer(out);
    writer.begin();
    writer.write(RECORD);

    String[] lines = out.toString().split("\r\n", 2);
    List<String> header = List.of(lines[0].split(","));
    assertThat(header)
        .contains(
            "BilledCost", "EffectiveCost", "ListCost", "ContractedCost", "ChargePeriodStart",
            "ChargePeriodEnd", "BillingPeriodStart", "BillingPeriodEnd", "BillingCurrency",
            "ChargeCategory", "ChargeDescription", "ServiceName", "ServiceCategory",
            "ProviderName", "PublisherName", "InvoiceIssuerName", "ResourceId", "SkuId",
            "PricingQuantity", "PricingUnit", "ConsumedQuantity", "ConsumedUnit", "Tags",
            "ChargeFrequency", "BillingAccountId", "SubAccountId", "ChargeClass");
    String row = lines[1];
    assertThat(row).startsWith(",0.000123456789,acme,acme,Tenant,USD,2025-04-01T00:00:00Z,2025-03-01T00:00:00Z,");
    assertThat(row).contains(",2025-04-01T00:00:01Z,2025-03-31T23:59:59Z,");
    assertThat(row).contains(",155,Tokens,0.000123456789,");
    assertThat(row).contains(",Strata,openai,,,gpt-4o-mini,gpt-4o-mini,Model,AI and Machine Learning,");
    assertThat(row).contains("gpt-4o-mini:batch");
    assertThat(row).contains("\"{\"\"owner\"\":\"\"a,\\\"\"b\\\"\"\\nc\"\"}\"");
    assertThat(row).endsWith(",123456789,none,0\r\n");
  }

  @Test
  void exports_carryTheResponseCacheStatusAndSaving() {
    UsageRecord hit = RECORD.withResponseCache(ResponseCacheStatus.HIT_SEMANTIC, Money.ofMicros(3500));
    StringBuilder focus = new StringBuilder();
    ExportWriter focusWriter = ExportFormat.FOCUS_CSV.writer(focus);
    focusWriter.begin();
    focusWriter.write(hit);
    StringBuilder csv = new StringBuilder();
    ExportWriter csvWriter = ExportFormat.LEDGER_CSV.writer(csv);
    csvWriter.begin();
    csvWriter.write(hit);
    StringBuilder jsonl = new StringBuilder();
    ExportFormat.LEDGER_JSONL.writer(jsonl).write(hit);

    assertThat(focus.toString()).contains("x_ResponseCache,x_SavedCost\r\n").endsWith(",hit-semantic,0.0035\r\n");
    assertThat(csv.toString())
        .contains(",response_cache,saved_usd,saved_pico\r\n")
        .endsWith(",hit-semantic,0.0035,3500000000\r\n");
    assertThat(jsonl.toString())
        .contains("\"response_cache\":\"hit-semantic\",\"saved_usd\":\"0.0035\",\"saved_pico\":3500000000");
    assertThat(hit.cacheDimension()).isEqualTo("hit-semantic");
    assertThat(RECORD.cacheDimension()).isEqualTo("read");
  }

  @Test
  void csvFields_areQuotedOnlyWhenTheyMustBe() {
    StringBuilder out = new StringBuilder();
    CsvLine.write(out, List.of("plain", "a,b", "say \"hi\"", "two\nlines", ""));

    assertThat(out.toString()).isEqualTo("plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\r\n");
  }

  @Test
  void jsonLines_holdOneObjectPerRecord_withExactCost() {
    StringBuilder out = new StringBuilder();
    ExportWriter writer = ExportFormat.LEDGER_JSONL.writer(out);
    writer.begin();
    writer.write(RECORD);
    writer.write(RECORD);

    assertThat(out.toString().lines()).hasSize(2);
    assertThat(out.toString()).contains("\"cost_usd\":\"0.000123456789\",\"cost_pico\":123456789");
    assertThat(out.toString()).contains("\"ttft_ms\":40");
  }

  @Test
  void dimensionsAndFilters_parseAndValidate() {
    assertThat(CostDimension.parse("served_model")).isEqualTo(CostDimension.Field.SERVED_MODEL);
    assertThat(CostDimension.parse("tag:env")).isEqualTo(new CostDimension.Tag("env"));
    assertThat(CostDimension.parse("tag:env").wireName()).isEqualTo("tag:env");
    assertThatThrownBy(() -> CostDimension.parse("colour")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CostFilter.of(CostDimension.Field.DAY, "2025-03-01"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                CostExplorerQuery.of(
                    Instant.EPOCH,
                    Instant.EPOCH.plusSeconds(1),
                    List.of(CostDimension.Field.DAY, CostDimension.Field.HOUR)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(CacheStatus.of(new Usage(1, 1, 0, 0, 2))).isEqualTo(CacheStatus.WRITE);
    assertThat(CacheStatus.of(new Usage(1, 1, 3, 0, 2))).isEqualTo(CacheStatus.READ);
    assertThat(CacheStatus.of(Usage.of(1, 1))).isEqualTo(CacheStatus.NONE);
  }
}
