package dev.strata.core.ledger;

import static java.util.Objects.requireNonNull;

import dev.strata.core.cache.ResponseCacheStatus;
import dev.strata.core.money.Money;
import dev.strata.core.money.ModelPrice;
import dev.strata.core.money.PriceBook;
import dev.strata.core.money.Tier;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Prices the savings view: each group of {@link #query} is re-priced at its requested model's
 * on-demand list price on that UTC day, with the same tokens and cache reads and writes billed as
 * plain input, plus what response-cache hits avoided (their answers' original cost), and compared
 * with what it cost.
 */
public final class SavingsCalculator {
  private static final List<CostDimension> GROUPS =
      List.of(
          CostDimension.Field.DAY,
          CostDimension.Field.MODEL,
          CostDimension.Field.SERVED_MODEL,
          CostDimension.Field.TIER,
          CostDimension.Field.CACHE);

  private final PriceBook prices;

  public SavingsCalculator(PriceBook prices) {
    this.prices = requireNonNull(prices, "prices");
  }

  /** The explorer query whose rows {@link #report} prices. */
  public static CostExplorerQuery query(Instant from, Instant to) {
    return CostExplorerQuery.of(from, to, GROUPS);
  }

  /** The savings of {@code report}, the explorer's answer to {@link #query}. */
  public SavingsReport report(CostReport report) {
    Totals overall = new Totals("all");
    Map<SavingsLever, Totals> levers = new EnumMap<>(SavingsLever.class);
    for (SavingsLever lever : SavingsLever.values()) {
      levers.put(lever, new Totals(lever.wireName()));
    }
    for (CostRow row : report.rows()) {
      List<String> group = row.group();
      LocalDate day = LocalDate.parse(group.get(0));
      String requested = group.get(1);
      String served = group.get(2);
      String tier = group.get(3);
      String cache = group.get(4);
      Optional<Money> baseline = baseline(requested, day, row);
      overall.add(row, baseline);
      if (!served.isEmpty() && !served.equals(requested)) {
        levers.get(SavingsLever.ROUTING).add(row, baseline);
      }
      if (cache.equals(ResponseCacheStatus.HIT_EXACT.wireName())
          || cache.equals(ResponseCacheStatus.HIT_SEMANTIC.wireName())) {
        levers.get(SavingsLever.RESPONSE_CACHE).add(row, baseline);
      } else if (!cache.equals(CacheStatus.NONE.wireName())) {
        levers.get(SavingsLever.PROMPT_CACHING).add(row, baseline);
      }
      if (tier.equals(Tier.BATCH.wireName())) {
        levers.get(SavingsLever.BATCH).add(row, baseline);
      }
      if (tier.equals(Tier.PROVISIONED.wireName())) {
        levers.get(SavingsLever.PROVISIONED).add(row, baseline);
      }
    }
    return new SavingsReport(
        report.query().from(),
        report.query().to(),
        overall.row(),
        levers.values().stream().map(Totals::row).toList());
  }

  private Optional<Money> baseline(String requestedModel, LocalDate day, CostRow row) {
    Optional<ModelPrice> price = prices.priceOn(requestedModel, day);
    return price.map(
        p ->
            p.input()
                .times(row.inputTokens() + row.cacheReadTokens() + row.cacheWriteTokens())
                .plus(p.output().times(row.outputTokens()))
                .plus(row.savedCost()));
  }

  private static final class Totals {
    private final String name;
    private long requests;
    private Money baseline = Money.ZERO;
    private Money actual = Money.ZERO;
    private long unpriced;

    Totals(String name) {
      this.name = name;
    }

    void add(CostRow row, Optional<Money> rowBaseline) {
      requests += row.requests();
      actual = actual.plus(row.cost());
      baseline = baseline.plus(rowBaseline.orElse(row.cost().plus(row.savedCost())));
      if (rowBaseline.isEmpty()) {
        unpriced += row.requests();
      }
    }

    SavingsRow row() {
      return new SavingsRow(name, requests, baseline, actual, unpriced);
    }
  }
}
