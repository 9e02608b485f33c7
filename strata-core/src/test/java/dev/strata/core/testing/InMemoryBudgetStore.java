package dev.strata.core.testing;

import static java.util.Objects.requireNonNull;

import dev.strata.core.budget.Budget;
import dev.strata.core.budget.BudgetScope;
import dev.strata.core.budget.BudgetStore;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.money.Money;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link BudgetStore} in memory. Spend is summed from an {@link InMemoryLedger} when one is given
 * (as the SQL store sums the ledger: a model scope counts records that requested or were served by
 * the model), and is always zero without one. Alerts marked are remembered until the budget is
 * deleted, so a second {@code BudgetBook} over the same store behaves like one after a restart.
 * Thread-safe.
 */
public final class InMemoryBudgetStore implements BudgetStore {
  private final Optional<InMemoryLedger> ledger;
  private final Map<String, Budget> budgets = new LinkedHashMap<>();
  private final Set<Mark> alerted = new HashSet<>();
  private final List<Mark> marks = new ArrayList<>();

  /** A store whose spend is always zero. */
  public InMemoryBudgetStore() {
    this.ledger = Optional.empty();
  }

  /** A store whose spend is read from {@code ledger}. */
  public InMemoryBudgetStore(InMemoryLedger ledger) {
    this.ledger = Optional.of(requireNonNull(ledger, "ledger"));
  }

  @Override
  public synchronized List<Budget> all() {
    return List.copyOf(budgets.values());
  }

  @Override
  public synchronized Optional<Budget> find(String id) {
    return Optional.ofNullable(budgets.get(id));
  }

  @Override
  public synchronized void save(Budget budget) {
    requireNonNull(budget, "budget");
    budgets.put(budget.id(), budget);
  }

  @Override
  public synchronized boolean delete(String id) {
    alerted.removeIf(mark -> mark.budgetId().equals(id));
    return budgets.remove(id) != null;
  }

  @Override
  public Money spent(BudgetScope scope, Instant from, Instant to) {
    if (ledger.isEmpty()) {
      return Money.ZERO;
    }
    Money spent = Money.ZERO;
    for (UsageRecord record : ledger.get().records()) {
      boolean inPeriod = !record.startedAt().isBefore(from) && record.startedAt().isBefore(to);
      List<String> models =
          record.servedModel().isEmpty()
              ? List.of(record.requestedModel())
              : List.of(record.requestedModel(), record.servedModel());
      if (inPeriod && scope.covers(record.principal(), models)) {
        spent = spent.plus(record.cost());
      }
    }
    return spent;
  }

  @Override
  public synchronized boolean markAlerted(String budgetId, Instant periodStart, int percent) {
    Mark mark = new Mark(budgetId, periodStart, percent);
    marks.add(mark);
    return alerted.add(mark);
  }

  /** Every call of {@link #markAlerted}, in order, including the ones that returned false. */
  public synchronized List<Mark> markCalls() {
    return List.copyOf(marks);
  }

  /** One alert of one budget's period. */
  public record Mark(String budgetId, Instant periodStart, int percent) {
    public Mark {
      requireNonNull(budgetId, "budgetId");
      requireNonNull(periodStart, "periodStart");
    }
  }
}
