package dev.strata.core.ledger;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;

/**
 * The explorer's answer: one row per group (values in the query's group order), cost first, and
 * which stored tables answered it.
 */
public record CostReport(CostExplorerQuery query, List<CostRow> rows, Source source) {
  public CostReport {
    requireNonNull(query, "query");
    rows = List.copyOf(requireNonNull(rows, "rows"));
    requireNonNull(source, "source");
  }

  /** The stored tables a report was computed from. */
  public enum Source {
    /** Hourly rollups only. */
    ROLLUPS,
    /** Raw usage records only. */
    RECORDS,
    /** Rollups for the whole hours, raw records for the partial hours at either edge. */
    ROLLUPS_AND_RECORDS;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
