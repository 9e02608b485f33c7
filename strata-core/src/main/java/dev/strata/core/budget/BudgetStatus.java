package dev.strata.core.budget;

import static java.util.Objects.requireNonNull;

import dev.strata.core.money.Money;
import java.time.Instant;
import java.util.Optional;

/**
 * Where a budget stands in its current period.
 *
 * @param settled spend settled so far this period
 * @param reserved worst-case cost held by requests in flight
 * @param forecast settled spend projected linearly to the end of the period; empty for total
 *     budgets, which have no end
 */
public record BudgetStatus(
    Budget budget,
    Instant periodStart,
    Instant periodEnd,
    Money settled,
    Money reserved,
    Optional<Money> forecast) {
  public BudgetStatus {
    requireNonNull(budget, "budget");
    requireNonNull(periodStart, "periodStart");
    requireNonNull(periodEnd, "periodEnd");
    requireNonNull(settled, "settled");
    requireNonNull(reserved, "reserved");
    requireNonNull(forecast, "forecast");
  }

  /** Settled spend as a fraction of the limit (may exceed 1 when a soft budget is overspent). */
  public double fractionUsed() {
    return (double) settled.picoUsd() / budget.limit().picoUsd();
  }
}
