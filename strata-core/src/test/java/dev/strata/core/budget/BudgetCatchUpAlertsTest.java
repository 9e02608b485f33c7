package dev.strata.core.budget;

import static dev.strata.core.budget.Budgets.ALICE;
import static dev.strata.core.budget.Budgets.OSLO;
import static dev.strata.core.budget.Budgets.soft;
import static dev.strata.core.budget.Budgets.usd;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.money.Money;
import dev.strata.core.testing.InMemoryBudgetStore;
import dev.strata.core.testing.ManualClock;
import dev.strata.core.testing.RecordingAlertSink;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Thresholds already reached when a period opens, or when a limit is lowered, are alerted once. */
class BudgetCatchUpAlertsTest {
  private final ManualClock clock = ManualClock.at("2026-03-10T12:00:00Z");
  private final InMemoryBudgetStore store = new InMemoryBudgetStore();
  private final RecordingAlertSink sink = new RecordingAlertSink();

  @Test
  void loweringTheLimitBelowTheSpend_alertsTheThresholdsNowReached() {
    BudgetBook book = new BudgetBook(store, OSLO, clock, sink);
    book.save(soft("b", "key:key-a", "10", 50, 80, 100));
    book.reserve(ALICE, "gpt", List.of("gpt"), usd("1")).settle(usd("6"), Optional.of("gpt"));
    assertThat(sink.percents()).containsExactly(50);

    book.save(soft("b", "key:key-a", "6", 50, 80, 100));

    assertThat(sink.percents()).containsExactly(50, 80, 100);
  }

  @Test
  void aBookOpeningPastThresholds_alertsThoseNotSentBefore_once() {
    BudgetBook first = new BudgetBook(store, OSLO, clock, sink);
    first.save(soft("b", "key:key-a", "10", 50, 80));
    first.reserve(ALICE, "gpt", List.of("gpt"), usd("1")).settle(usd("6"), Optional.of("gpt"));
    assertThat(sink.percents()).containsExactly(50);
    // Another instance (or the process before a crash) spent up to $9: past 80%, never alerted.
    BudgetStore afterRestart = new LedgerShowing(store, usd("9"));

    new BudgetBook(afterRestart, OSLO, clock, sink);
    new BudgetBook(afterRestart, OSLO, clock, sink);

    assertThat(sink.percents()).containsExactly(50, 80);
  }

  /** A store whose ledger shows {@code spent} for every scope. */
  private record LedgerShowing(BudgetStore store, Money spent) implements BudgetStore {
    @Override
    public List<Budget> all() {
      return store.all();
    }

    @Override
    public Optional<Budget> find(String id) {
      return store.find(id);
    }

    @Override
    public void save(Budget budget) {
      store.save(budget);
    }

    @Override
    public boolean delete(String id) {
      return store.delete(id);
    }

    @Override
    public Money spent(BudgetScope scope, Instant from, Instant to) {
      return spent;
    }

    @Override
    public boolean markAlerted(String budgetId, Instant periodStart, int percent) {
      return store.markAlerted(budgetId, periodStart, percent);
    }
  }
}
