package dev.strata.core.money;

/** The pricing tier a call was billed at. */
public enum Tier {
  ON_DEMAND,
  BATCH,
  PROVISIONED;

  /** The lower-case name used in the ledger and on the wire. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
