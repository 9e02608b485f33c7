package dev.strata.core.budget;

import dev.strata.core.auth.Principal;
import dev.strata.core.money.Money;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/** Builds budgets and principals for budget tests. */
final class Budgets {
  static final ZoneId OSLO = ZoneId.of("Europe/Oslo");
  static final Principal ALICE = new Principal("key-a", "acme", "search", "", Map.of("env", "prod"));
  static final Principal BOB = new Principal("key-b", "acme", "search", "", Map.of());
  static final Principal CAROL = new Principal("key-c", "acme", "ads", "", Map.of());

  private Budgets() {}

  static Budget hard(String id, String scope, String usd) {
    return budget(id, scope, BudgetPeriod.DAILY, usd, Enforcement.HARD, List.of());
  }

  static Budget soft(String id, String scope, String usd, Integer... percents) {
    return budget(id, scope, BudgetPeriod.DAILY, usd, Enforcement.SOFT, List.of(percents));
  }

  static Budget budget(
      String id,
      String scope,
      BudgetPeriod period,
      String usd,
      Enforcement enforcement,
      List<Integer> percents) {
    return new Budget(
        id, "Budget " + id, BudgetScope.parse(scope), period, Money.ofUsd(usd), enforcement,
        percents);
  }

  static Money usd(String usd) {
    return Money.ofUsd(usd);
  }
}
