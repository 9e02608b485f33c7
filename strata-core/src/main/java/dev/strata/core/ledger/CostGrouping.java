package dev.strata.core.ledger;

/** A dimension a cost report can be grouped by. */
public enum CostGrouping {
  MODEL,
  KEY,
  PROVIDER,
  TEAM,
  DAY;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
