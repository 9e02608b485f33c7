package dev.strata.core.catalog;

import static java.util.Objects.requireNonNull;

import dev.strata.core.money.Money;

/** Where a model's cost comes from: the price book, or the machine time it uses. */
public sealed interface PriceSource {

  /** Priced by the price book entry {@code priceId}. */
  record Listed(String priceId) implements PriceSource {
    public Listed {
      requireNonNull(priceId, "priceId");
    }
  }

  /**
   * A model on Strata's own machine: the machine's hourly cost, shared by the slots that serve in
   * parallel, charged for the time a request occupies a slot.
   */
  record MachineTime(Money perHour, int parallelSlots) implements PriceSource {
    public MachineTime {
      requireNonNull(perHour, "perHour");
      if (perHour.isNegative()) {
        throw new IllegalArgumentException("a machine cost cannot be negative");
      }
      if (parallelSlots < 1) {
        throw new IllegalArgumentException("parallelSlots must be at least 1");
      }
    }
  }

  /**
   * A provisioned model: reserved capacity paid per model unit and hour whether used or not, so a
   * request costs nothing more; {@code basePriceId} prices the same tokens on demand, for
   * break-even reports.
   */
  record Provisioned(String provisionedModelArn, String basePriceId) implements PriceSource {
    public Provisioned {
      requireNonNull(provisionedModelArn, "provisionedModelArn");
      requireNonNull(basePriceId, "basePriceId");
    }
  }
}
