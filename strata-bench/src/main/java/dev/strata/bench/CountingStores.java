package dev.strata.bench;

import static java.util.Objects.requireNonNull;

import dev.strata.core.budget.Budget;
import dev.strata.core.budget.BudgetScope;
import dev.strata.core.budget.BudgetStore;
import dev.strata.core.money.Money;
import dev.strata.core.ratelimit.RateLimit;
import dev.strata.core.ratelimit.RateLimitStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * Budget and rate-limit stores that count every call before passing it on, so the benchmark can
 * show the per-request checks never reach storage.
 */
final class CountingStores {
  private final LongAdder budgetCalls = new LongAdder();
  private final LongAdder alertsMarked = new LongAdder();
  private final LongAdder rateLimitCalls = new LongAdder();
  private final BudgetStore budgets;
  private final RateLimitStore rateLimits;

  CountingStores(BudgetStore budgets, RateLimitStore rateLimits) {
    this.budgets = new CountingBudgetStore(requireNonNull(budgets, "budgets"));
    this.rateLimits = new CountingRateLimitStore(requireNonNull(rateLimits, "rateLimits"));
  }

  BudgetStore budgets() {
    return budgets;
  }

  RateLimitStore rateLimits() {
    return rateLimits;
  }

  /** Calls so far, of each store and of {@code markAlerted} alone. */
  SpendControlsReport.StoreCalls counts() {
    return new SpendControlsReport.StoreCalls(
        budgetCalls.sum(), rateLimitCalls.sum(), alertsMarked.sum());
  }

  private final class CountingBudgetStore implements BudgetStore {
    private final BudgetStore store;

    CountingBudgetStore(BudgetStore store) {
      this.store = store;
    }

    @Override
    public List<Budget> all() {
      budgetCalls.increment();
      return store.all();
    }

    @Override
    public Optional<Budget> find(String id) {
      budgetCalls.increment();
      return store.find(id);
    }

    @Override
    public void save(Budget budget) {
      budgetCalls.increment();
      store.save(budget);
    }

    @Override
    public boolean delete(String id) {
      budgetCalls.increment();
      return store.delete(id);
    }

    @Override
    public Money spent(BudgetScope scope, Instant from, Instant to) {
      budgetCalls.increment();
      return store.spent(scope, from, to);
    }

    @Override
    public boolean markAlerted(String budgetId, Instant periodStart, int percent) {
      budgetCalls.increment();
      alertsMarked.increment();
      return store.markAlerted(budgetId, periodStart, percent);
    }
  }

  private final class CountingRateLimitStore implements RateLimitStore {
    private final RateLimitStore store;

    CountingRateLimitStore(RateLimitStore store) {
      this.store = store;
    }

    @Override
    public List<RateLimit> all() {
      rateLimitCalls.increment();
      return store.all();
    }

    @Override
    public void save(RateLimit limit) {
      rateLimitCalls.increment();
      store.save(limit);
    }

    @Override
    public boolean delete(String id) {
      rateLimitCalls.increment();
      return store.delete(id);
    }
  }
}
