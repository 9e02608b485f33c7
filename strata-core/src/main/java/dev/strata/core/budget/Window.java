package dev.strata.core.budget;

import dev.strata.core.money.Money;
import java.time.Instant;

/**
 * One period of one budget: what is settled and what is reserved by requests in flight. Guarded by
 * the {@link BudgetBook}'s lock.
 */
final class Window {
  /** Replaced in place when the budget's limit, name or alerts change. */
  Budget budget;
  final Instant start;
  final Instant end;
  long settledPico;
  long reservedPico;

  Window(Budget budget, Instant start, Instant end, Money alreadySpent) {
    this.budget = budget;
    this.start = start;
    this.end = end;
    this.settledPico = alreadySpent.picoUsd();
  }

  boolean contains(Instant instant) {
    return !instant.isBefore(start) && instant.isBefore(end);
  }

  /** Whether reserving {@code pico} more keeps settled plus reserved within the limit. */
  boolean fits(long pico) {
    return settledPico + reservedPico + pico <= budget.limit().picoUsd();
  }

  Money settled() {
    return Money.ofPico(settledPico);
  }

  Money reserved() {
    return Money.ofPico(reservedPico);
  }
}
