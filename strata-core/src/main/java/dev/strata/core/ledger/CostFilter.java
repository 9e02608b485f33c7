package dev.strata.core.ledger;

import static java.util.Objects.requireNonNull;

import java.util.Set;
import java.util.TreeSet;

/** Keeps only records whose {@code dimension} has one of {@code values}; never a time bucket. */
public record CostFilter(CostDimension dimension, Set<String> values) {
  public CostFilter {
    requireNonNull(dimension, "dimension");
    values = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(requireNonNull(values, "values")));
    if (values.isEmpty()) {
      throw new IllegalArgumentException("a filter on " + dimension.wireName() + " needs a value");
    }
    if (dimension.isTime()) {
      throw new IllegalArgumentException(
          "filter time with since and until, not with " + dimension.wireName());
    }
  }

  public static CostFilter of(CostDimension dimension, String... values) {
    return new CostFilter(dimension, Set.of(values));
  }
}
