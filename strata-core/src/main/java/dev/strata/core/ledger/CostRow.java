package dev.strata.core.ledger;

import static java.util.Objects.requireNonNull;

import dev.strata.core.money.Money;
import java.util.List;

/**
 * One group of a cost report: the group's values (in query order) and its sums; {@code savedCost}
 * is what response-cache hits avoided paying.
 */
public record CostRow(
    List<String> group,
    long requests,
    long inputTokens,
    long outputTokens,
    long cacheReadTokens,
    long cacheWriteTokens,
    Money cost,
    long estimatedRequests,
    Money savedCost) {
  public CostRow {
    group = List.copyOf(requireNonNull(group, "group"));
    requireNonNull(cost, "cost");
    requireNonNull(savedCost, "savedCost");
  }

  /** A row without response-cache savings. */
  public CostRow(
      List<String> group,
      long requests,
      long inputTokens,
      long outputTokens,
      long cacheReadTokens,
      long cacheWriteTokens,
      Money cost,
      long estimatedRequests) {
    this(
        group, requests, inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, cost,
        estimatedRequests, Money.ZERO);
  }
}
