package dev.strata.core.budget;

import static java.util.Objects.requireNonNull;

import dev.strata.core.money.Money;
import java.time.Instant;

/** A budget crossed one of its alert thresholds in a period. */
public record BudgetAlert(
    Budget budget, int percent, Money spent, Instant periodStart, Instant periodEnd, Instant at) {
  public BudgetAlert {
    requireNonNull(budget, "budget");
    requireNonNull(spent, "spent");
    requireNonNull(periodStart, "periodStart");
    requireNonNull(periodEnd, "periodEnd");
    requireNonNull(at, "at");
  }
}
