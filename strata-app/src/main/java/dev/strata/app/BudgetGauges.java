package dev.strata.app;

import dev.strata.core.budget.Budget;
import dev.strata.core.budget.BudgetBook;
import dev.strata.core.budget.BudgetStatus;
import dev.strata.server.metrics.StrataMetrics;
import java.util.HashSet;
import java.util.Set;

/** Keeps one budget-utilisation gauge per budget, following creations, changes and deletions. */
final class BudgetGauges {
  private final BudgetBook book;
  private final StrataMetrics metrics;
  private final Set<String> registered = new HashSet<>();

  private BudgetGauges(BudgetBook book, StrataMetrics metrics) {
    this.book = book;
    this.metrics = metrics;
  }

  static void bind(BudgetBook book, StrataMetrics metrics) {
    BudgetGauges gauges = new BudgetGauges(book, metrics);
    gauges.sync();
    book.onChange(gauges::sync);
  }

  private synchronized void sync() {
    Set<String> current = new HashSet<>();
    for (Budget budget : book.budgets()) {
      String id = budget.id();
      current.add(budget.name());
      metrics.registerBudgetUtilisation(
          budget.name(), () -> book.status(id).map(BudgetStatus::fractionUsed).orElse(0.0));
    }
    for (String name : registered) {
      if (!current.contains(name)) {
        metrics.removeBudgetUtilisation(name);
      }
    }
    registered.clear();
    registered.addAll(current);
  }
}
