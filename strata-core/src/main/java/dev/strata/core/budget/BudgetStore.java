package dev.strata.core.budget;

import dev.strata.core.money.Money;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where budgets, the spend they start from and the alerts already sent are kept. */
public interface BudgetStore {
  List<Budget> all();

  Optional<Budget> find(String id);

  /** Inserts or replaces the budget with this id. */
  void save(Budget budget);

  /** False when no budget has this id. */
  boolean delete(String id);

  /** What the ledger holds as spent in {@code scope} between {@code from} and {@code to}. */
  Money spent(BudgetScope scope, Instant from, Instant to);

  /**
   * Records that the alert for {@code percent} of the budget's period starting {@code periodStart}
   * was sent; true only for the first caller, across restarts and instances.
   */
  boolean markAlerted(String budgetId, Instant periodStart, int percent);
}
