package dev.strata.core.ledger;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/** Spend between two instants ({@code from} inclusive, {@code to} exclusive), grouped. */
public record CostQuery(Instant from, Instant to, List<CostGrouping> groupBy) {
  public CostQuery {
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    groupBy = List.copyOf(requireNonNull(groupBy, "groupBy"));
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("a cost period must start before it ends");
    }
  }
}
