package dev.strata.server.admin;

import static java.util.Objects.requireNonNull;

import dev.strata.core.budget.BudgetBook;
import dev.strata.core.ratelimit.RateLimiter;

/** The budgets and rate limits the admin API manages, as enforced by the request path. */
public record SpendControls(BudgetBook budgets, RateLimiter rateLimits) {
  public SpendControls {
    requireNonNull(budgets, "budgets");
    requireNonNull(rateLimits, "rateLimits");
  }
}
