package dev.strata.core.money;

import static java.util.Objects.requireNonNull;

/** What one call cost, by kind of token, and the price it was computed from. */
public record Cost(
    Money input, Money output, Money cacheRead, Money cacheWrite, Tier tier, String priceReference) {

  public Cost {
    requireNonNull(input, "input");
    requireNonNull(output, "output");
    requireNonNull(cacheRead, "cacheRead");
    requireNonNull(cacheWrite, "cacheWrite");
    requireNonNull(tier, "tier");
    requireNonNull(priceReference, "priceReference");
  }

  public static Cost free(Tier tier, String priceReference) {
    return new Cost(Money.ZERO, Money.ZERO, Money.ZERO, Money.ZERO, tier, priceReference);
  }

  public Money total() {
    return input.plus(output).plus(cacheRead).plus(cacheWrite);
  }
}
