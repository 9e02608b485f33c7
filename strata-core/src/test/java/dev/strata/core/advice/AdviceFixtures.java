package dev.strata.core.advice;

import dev.strata.core.auth.Principal;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.ledger.UsageSource;
import dev.strata.core.model.Usage;
import dev.strata.core.money.ModelPrice;
import dev.strata.core.money.Money;
import dev.strata.core.money.PriceBook;
import dev.strata.core.money.ProvisionedPrice;
import dev.strata.core.money.Tier;
import dev.strata.core.money.TokenPrice;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A small price book with round numbers, so that advice can be checked by hand, and records to
 * feed it.
 */
final class AdviceFixtures {
  /** $2.00 in, $8.00 out, $0.50 cache reads; batch $1.00 / $4.00, then $0.80 / $3.00 from June 2. */
  static final String BATCHABLE = "m-batch";

  /** A second catalog name priced by {@link #BATCHABLE}. */
  static final String BATCHABLE_EU = "m-batch-eu";

  /** $1.00 in, $2.00 out, no batch price. */
  static final String UNBATCHABLE = "m-online";

  /** Priced only by machine time: no price-book entry. */
  static final String LOCAL = "local-gguf";

  static final PriceBook PRICES =
      new PriceBook(
          "advice-test",
          List.of(
              price(BATCHABLE, "2025-01-01", "test-1", "2.00", "8.00", "0.50", "1.00", "4.00"),
              price(BATCHABLE, "2025-06-02", "test-2", "2.00", "8.00", "0.50", "0.80", "3.00"),
              price(UNBATCHABLE, "2025-01-01", "test-1", "1.00", "2.00", null, null, null)),
          List.of(
              // 1,000 tokens a minute per unit: 60,000 an hour; $0.10, $0.075, $0.05 per unit-hour.
              new ProvisionedPrice(
                  BATCHABLE,
                  LocalDate.parse("2025-01-01"),
                  "test-ptu",
                  1_000,
                  Optional.of(Money.ofUsd("0.10")),
                  Optional.of(Money.ofUsd("0.075")),
                  Optional.of(Money.ofUsd("0.05")))));

  static final PriceIds PRICE_IDS =
      PriceIds.of(Map.of(BATCHABLE_EU, BATCHABLE), PRICES);

  private AdviceFixtures() {}

  private static ModelPrice price(
      String model,
      String from,
      String source,
      String in,
      String out,
      String cacheRead,
      String batchIn,
      String batchOut) {
    return new ModelPrice(
        model,
        "test",
        LocalDate.parse(from),
        source,
        TokenPrice.perMillion(in),
        TokenPrice.perMillion(out),
        Optional.empty(),
        Optional.empty(),
        Optional.ofNullable(cacheRead).map(TokenPrice::perMillion),
        Optional.ofNullable(batchIn).map(TokenPrice::perMillion),
        Optional.ofNullable(batchOut).map(TokenPrice::perMillion));
  }

  static Principal key(String id) {
    return new Principal(id, "acme", "team-" + id, "app", Map.of());
  }

  private static int next;

  /** An on-demand record of {@code key} served by {@code model}. */
  static UsageRecord record(
      Principal key, String model, Instant at, boolean streamed, Usage usage, String costUsd) {
    return record(key, model, at, streamed, usage, costUsd, Tier.ON_DEMAND);
  }

  static UsageRecord record(
      Principal key,
      String model,
      Instant at,
      boolean streamed,
      Usage usage,
      String costUsd,
      Tier tier) {
    return new UsageRecord(
        "adv-" + ++next,
        at,
        at.plusMillis(500),
        key,
        "openai",
        "chat",
        model,
        model,
        model.isEmpty() ? "" : "test",
        usage,
        UsageSource.PROVIDER,
        Money.ofUsd(costUsd),
        model + "@2025-01-01 (test)",
        tier,
        streamed,
        "ok",
        200,
        500,
        OptionalLong.empty());
  }
}
