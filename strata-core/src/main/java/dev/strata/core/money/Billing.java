package dev.strata.core.money;

/**
 * How a call is billed: the tier the ledger records and the tier whose prices apply. They differ
 * for batch records run through on-demand calls — recorded as batch work, charged what the
 * provider really charges for an on-demand call.
 */
public enum Billing {
  ON_DEMAND(Tier.ON_DEMAND, Tier.ON_DEMAND),
  /** A provider's native batch API, at its batch price. */
  BATCH(Tier.BATCH, Tier.BATCH),
  /** Batch work Strata ran through on-demand calls: the provider charged on-demand prices. */
  BATCH_AT_ON_DEMAND_PRICE(Tier.BATCH, Tier.ON_DEMAND);

  private final Tier recorded;
  private final Tier priced;

  Billing(Tier recorded, Tier priced) {
    this.recorded = recorded;
    this.priced = priced;
  }

  /** The tier the ledger records. */
  public Tier recorded() {
    return recorded;
  }

  /** The tier whose prices the cost is computed at. */
  public Tier priced() {
    return priced;
  }
}
