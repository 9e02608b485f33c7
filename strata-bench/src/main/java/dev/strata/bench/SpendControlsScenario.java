package dev.strata.bench;

import static dev.strata.core.budget.BudgetPeriod.DAILY;
import static dev.strata.core.budget.BudgetPeriod.MONTHLY;
import static dev.strata.core.budget.BudgetPeriod.TOTAL;
import static dev.strata.core.budget.BudgetPeriod.WEEKLY;
import static dev.strata.core.budget.Enforcement.HARD;
import static dev.strata.core.budget.Enforcement.SOFT;

import dev.strata.core.auth.Principal;
import dev.strata.core.budget.Budget;
import dev.strata.core.budget.BudgetPeriod;
import dev.strata.core.budget.BudgetScope;
import dev.strata.core.budget.Enforcement;
import dev.strata.core.money.Money;
import dev.strata.core.ratelimit.RateLimit;
import dev.strata.core.ratelimit.RateLimitScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The spend controls of a realistic deployment, as data: 16 keys in 4 teams of one tenant, 20
 * budgets over every kind of scope (hard and soft, every period, alerts at 50/80/100 %) and 5 rate
 * limits (each key, each team, a model, one key, one team). Limits are far above what any run can
 * spend or send, so no request is refused and no alert fires: the benchmark measures the checks,
 * not refusals.
 */
final class SpendControlsScenario {
  /** The model every request names; priced by the shipped price book. */
  static final String MODEL = "gpt-4o-mini";
  /** A second catalog model (a Claude price), named by one budget that covers no request. */
  static final String OTHER_MODEL = "claude-3-5-haiku-20241022";

  static final String TENANT = "acme";
  static final List<String> TEAMS = List.of("search", "support", "ads", "data");
  static final int KEYS = 16;
  private static final List<Integer> ALERTS = List.of(50, 80, 100);
  /** Far beyond any run: a second of all tokens ever charged to a bucket is a rounding error. */
  private static final long RPM = 1_000_000_000L;
  private static final long TPM = 10_000_000_000_000L;

  private SpendControlsScenario() {}

  static List<Principal> principals() {
    List<Principal> principals = new ArrayList<>(KEYS);
    for (int k = 0; k < KEYS; k++) {
      principals.add(
          new Principal(
              keyId(k),
              TENANT,
              TEAMS.get(k % TEAMS.size()),
              "app" + (k % 3),
              Map.of("env", k % 4 == 0 ? "dev" : "prod", "cost-center", "cc-" + (k % 2))));
    }
    return principals;
  }

  static String keyId(int k) {
    return String.format("key_%02d", k);
  }

  static List<Budget> budgets() {
    List<Budget> budgets = new ArrayList<>();
    budgets.add(budget("deployment-monthly", "deployment", MONTHLY, "1000000", HARD));
    budgets.add(budget("deployment-daily", "deployment", DAILY, "100000", SOFT));
    budgets.add(budget("deployment-total", "deployment", TOTAL, "5000000", SOFT));
    for (String team : TEAMS) {
      budgets.add(budget("team-" + team, "team:" + team, MONTHLY, "250000", HARD));
    }
    budgets.add(budget("tenant", "tenant:" + TENANT, MONTHLY, "1000000", HARD));
    budgets.add(budget("prod", "tag:env=prod", MONTHLY, "500000", HARD));
    budgets.add(budget("dev", "tag:env=dev", WEEKLY, "50000", SOFT));
    budgets.add(budget("cc-0", "tag:cost-center=cc-0", MONTHLY, "300000", SOFT));
    budgets.add(budget("mini", "model:" + MODEL, DAILY, "100000", HARD));
    budgets.add(budget("haiku", "model:" + OTHER_MODEL, MONTHLY, "100000", SOFT));
    for (int k = 0; budgets.size() < 20; k++) {
      budgets.add(budget("key-" + k, "key:" + keyId(k), WEEKLY, "50000", k % 2 == 0 ? HARD : SOFT));
    }
    return budgets;
  }

  static List<RateLimit> rateLimits() {
    return List.of(
        limit("each-key", "key:*", OptionalLong.of(RPM), OptionalLong.of(TPM)),
        limit("each-team", "team:*", OptionalLong.of(RPM), OptionalLong.of(TPM)),
        limit("model", "model:" + MODEL, OptionalLong.of(RPM), OptionalLong.of(TPM)),
        limit("key-0", "key:" + keyId(0), OptionalLong.of(RPM), OptionalLong.empty()),
        limit("team-search", "team:" + TEAMS.get(0), OptionalLong.empty(), OptionalLong.of(TPM)));
  }

  private static Budget budget(
      String id, String scope, BudgetPeriod period, String limitUsd, Enforcement enforcement) {
    return new Budget(
        id, id, BudgetScope.parse(scope), period, Money.ofUsd(limitUsd), enforcement, ALERTS);
  }

  private static RateLimit limit(
      String id, String scope, OptionalLong requestsPerMinute, OptionalLong tokensPerMinute) {
    return new RateLimit(id, RateLimitScope.parse(scope), requestsPerMinute, tokensPerMinute);
  }
}
