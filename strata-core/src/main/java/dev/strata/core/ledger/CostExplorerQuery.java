package dev.strata.core.ledger;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A cost-explorer question: records started in [{@code from}, {@code to}) that pass every filter
 * (filters on different dimensions all apply), summed per group; time buckets are cut in {@code
 * zone}.
 */
public record CostExplorerQuery(
    Instant from, Instant to, List<CostDimension> groupBy, List<CostFilter> filters, ZoneId zone) {
  public CostExplorerQuery {
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    groupBy = List.copyOf(requireNonNull(groupBy, "groupBy"));
    filters = List.copyOf(requireNonNull(filters, "filters"));
    requireNonNull(zone, "zone");
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("a cost period must start before it ends");
    }
    Set<CostDimension> seen = new HashSet<>();
    long timeBuckets = 0;
    for (CostDimension dimension : groupBy) {
      if (!seen.add(dimension)) {
        throw new IllegalArgumentException("grouped by " + dimension.wireName() + " twice");
      }
      timeBuckets += dimension.isTime() ? 1 : 0;
    }
    if (timeBuckets > 1) {
      throw new IllegalArgumentException("group by at most one of hour, day and month");
    }
  }

  /** Grouped as asked, unfiltered, in UTC. */
  public static CostExplorerQuery of(Instant from, Instant to, List<CostDimension> groupBy) {
    return new CostExplorerQuery(from, to, groupBy, List.of(), ZoneOffset.UTC);
  }

  /** Whether a grouping or filter needs a record's tags. */
  public boolean usesTags() {
    return dimensions().anyMatch(CostDimension.Tag.class::isInstance);
  }

  /** Every dimension the query groups or filters by. */
  public Stream<CostDimension> dimensions() {
    return Stream.concat(groupBy.stream(), filters.stream().map(CostFilter::dimension));
  }
}
