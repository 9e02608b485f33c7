package dev.strata.core.money;

import dev.strata.core.model.Usage;

/** Multiplies usage by a model's prices, exactly, each kind of token at its own price. */
public final class CostCalculator {
  private CostCalculator() {}

  public static Cost cost(ModelPrice price, Usage usage, Tier tier) {
    Money cacheWrite =
        price
            .cacheWrite5mPrice()
            .times(usage.cacheWrite5mInputTokens())
            .plus(price.cacheWrite1hPrice().times(usage.cacheWrite1hInputTokens()));
    return new Cost(
        price.inputAt(tier).times(usage.inputTokens()),
        price.outputAt(tier).times(usage.outputTokens()),
        price.cacheReadPrice().times(usage.cacheReadInputTokens()),
        cacheWrite,
        tier,
        price.reference());
  }
}
