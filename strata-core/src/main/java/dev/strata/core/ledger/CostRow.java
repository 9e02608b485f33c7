package dev.strata.core.ledger;

import static java.util.Objects.requireNonNull;

import dev.strata.core.money.Money;
import java.util.List;

/** One group of a cost report: the group's values (in query order) and its sums. */
public record CostRow(
    List<String> group,
    long requests,
    long inputTokens,
    long outputTokens,
    long cacheReadTokens,
    long cacheWriteTokens,
    Money cost,
    long estimatedRequests) {
  public CostRow {
    group = List.copyOf(requireNonNull(group, "group"));
    requireNonNull(cost, "cost");
  }
}
