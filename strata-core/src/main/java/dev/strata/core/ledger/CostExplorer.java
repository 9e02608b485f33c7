package dev.strata.core.ledger;

/** Answers cost-explorer queries over the ledger, exactly to the pico-dollar. */
public interface CostExplorer {
  /** Sums grouped and filtered as asked, highest cost first, then by group values. */
  CostReport explore(CostExplorerQuery query);
}
