package dev.strata.core.ledger;

import static java.util.Objects.requireNonNull;

import dev.strata.core.auth.Principal;
import dev.strata.core.model.Usage;
import dev.strata.core.money.Tier;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * FinOps FOCUS 1.1 cost and usage rows, one per metered request: every column FOCUS 1.0 and 1.1
 * define (conditional ones empty when they do not apply) plus {@code x_} columns with Strata's
 * attribution. Strata is the provider and invoice issuer; the model's provider is the publisher.
 * Billed, effective, contracted and list cost are all the request's exact cost: Strata meters at
 * the price book's list prices and knows no negotiated discounts.
 */
final class FocusCsvWriter implements ExportWriter {
  static final List<String> COLUMNS =
      List.of(
          "AvailabilityZone", "BilledCost", "BillingAccountId", "BillingAccountName",
          "BillingAccountType", "BillingCurrency", "BillingPeriodEnd", "BillingPeriodStart",
          "CapacityReservationId", "CapacityReservationStatus", "ChargeCategory", "ChargeClass",
          "ChargeDescription", "ChargeFrequency", "ChargePeriodEnd", "ChargePeriodStart",
          "CommitmentDiscountCategory", "CommitmentDiscountId", "CommitmentDiscountName",
          "CommitmentDiscountQuantity", "CommitmentDiscountStatus", "CommitmentDiscountType",
          "CommitmentDiscountUnit", "ConsumedQuantity", "ConsumedUnit", "ContractedCost",
          "ContractedUnitPrice", "EffectiveCost", "InvoiceIssuerName", "ListCost",
          "ListUnitPrice", "PricingCategory", "PricingQuantity", "PricingUnit", "ProviderName",
          "PublisherName", "RegionId", "RegionName", "ResourceId", "ResourceName",
          "ResourceType", "ServiceCategory", "ServiceName", "ServiceSubcategory", "SkuId",
          "SkuMeter", "SkuPriceDetails", "SkuPriceId", "SubAccountId", "SubAccountName",
          "SubAccountType", "Tags", "x_RequestId", "x_RequestedModel", "x_Team", "x_App",
          "x_Tier", "x_Status", "x_InputTokens", "x_OutputTokens", "x_CacheReadTokens",
          "x_CacheWriteTokens", "x_CostPico", "x_ResponseCache", "x_SavedCost");

  static final String PROVIDER = "Strata";
  static final String SERVICE_NAME = "Strata LLM Gateway";
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private final Appendable out;

  FocusCsvWriter(Appendable out) {
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
    String cost = record.cost().toUsdString();
    String resource = record.servedModel().isEmpty() ? record.requestedModel() : record.servedModel();
    Instant chargeStart = record.startedAt().truncatedTo(ChronoUnit.SECONDS);
    Instant chargeEnd = record.finishedAt().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    YearMonth month = YearMonth.from(record.startedAt().atZone(ZoneOffset.UTC));
    Instant billingStart = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant billingEnd = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    String tokens = Long.toString(usage.totalTokens());
    Map<String, String> columns = new LinkedHashMap<>();
    columns.put("BilledCost", cost);
    columns.put("BillingAccountId", principal.tenant());
    columns.put("BillingAccountName", principal.tenant());
    columns.put("BillingAccountType", "Tenant");
    columns.put("BillingCurrency", "USD");
    columns.put("BillingPeriodEnd", SECONDS.format(billingEnd));
    columns.put("BillingPeriodStart", SECONDS.format(billingStart));
    columns.put("ChargeCategory", "Usage");
    columns.put("ChargeDescription", description(record, resource));
    columns.put("ChargeFrequency", "Usage-Based");
    columns.put("ChargePeriodEnd", SECONDS.format(chargeEnd));
    columns.put("ChargePeriodStart", SECONDS.format(chargeStart));
    columns.put("ConsumedQuantity", tokens);
    columns.put("ConsumedUnit", "Tokens");
    columns.put("ContractedCost", cost);
    columns.put("EffectiveCost", cost);
    columns.put("InvoiceIssuerName", PROVIDER);
    columns.put("ListCost", cost);
    columns.put("PricingCategory", record.tier() == Tier.PROVISIONED ? "Committed" : "Standard");
    columns.put("PricingQuantity", tokens);
    columns.put("PricingUnit", "Tokens");
    columns.put("ProviderName", PROVIDER);
    columns.put("PublisherName", record.provider());
    columns.put("ResourceId", resource);
    columns.put("ResourceName", resource);
    columns.put("ResourceType", "Model");
    columns.put("ServiceCategory", "AI and Machine Learning");
    columns.put("ServiceName", SERVICE_NAME);
    columns.put("ServiceSubcategory", "Generative AI");
    columns.put("SkuId", resource + ":" + record.tier().wireName());
    columns.put("SkuMeter", "Tokens");
    columns.put("SkuPriceId", record.priceReference());
    columns.put("SubAccountId", principal.keyId());
    columns.put("SubAccountName", principal.keyId());
    columns.put("SubAccountType", "Virtual key");
    columns.put("Tags", ExportJson.object(principal.tags()));
    columns.put("x_RequestId", record.requestId());
    columns.put("x_RequestedModel", record.requestedModel());
    columns.put("x_Team", principal.team());
    columns.put("x_App", principal.app());
    columns.put("x_Tier", record.tier().wireName());
    columns.put("x_Status", record.status());
    columns.put("x_InputTokens", Long.toString(usage.inputTokens()));
    columns.put("x_OutputTokens", Long.toString(usage.outputTokens()));
    columns.put("x_CacheReadTokens", Long.toString(usage.cacheReadInputTokens()));
    columns.put("x_CacheWriteTokens", Long.toString(usage.cacheWriteInputTokens()));
    columns.put("x_CostPico", Long.toString(record.cost().picoUsd()));
    columns.put("x_ResponseCache", record.responseCache().wireName());
    columns.put("x_SavedCost", record.savedCost().toUsdString());
    List<String> fields = new ArrayList<>(COLUMNS.size());
    for (String column : COLUMNS) {
      fields.add(columns.getOrDefault(column, ""));
    }
    CsvLine.write(out, fields);
  }

  private static String description(UsageRecord record, String resource) {
    Usage usage = record.usage();
    return resource
        + " "
        + record.operation()
        + " ("
        + record.tier().wireName()
        + "): "
        + usage.inputTokens()
        + " input, "
        + usage.outputTokens()
        + " output, "
        + usage.cacheReadInputTokens()
        + " cache-read and "
        + usage.cacheWriteInputTokens()
        + " cache-write tokens";
  }
}
