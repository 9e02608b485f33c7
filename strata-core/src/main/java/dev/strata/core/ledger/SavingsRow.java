package dev.strata.core.ledger;

import static java.util.Objects.requireNonNull;

import dev.strata.core.money.Money;

/**
 * What some traffic cost ({@code actual}) against what it would have cost at the requested model's
 * on-demand list price ({@code baseline}). Requests whose requested model has no list price (an
 * alias, a local model) count in {@code unpricedRequests} and at their actual cost in both sums.
 *
 * @param name a lever's wire name, or {@code all} for every request
 */
public record SavingsRow(
    String name, long requests, Money baseline, Money actual, long unpricedRequests) {
  public SavingsRow {
    requireNonNull(name, "name");
    requireNonNull(baseline, "baseline");
    requireNonNull(actual, "actual");
  }

  /** Baseline minus actual: positive when the lever saved money. */
  public Money savings() {
    return baseline.minus(actual);
  }
}
