package dev.strata.core.ledger;

import java.util.List;

/** Read side of the ledger: reports over stored records. */
public interface LedgerReader {
  /** Sums grouped as asked, ordered by cost, highest first. */
  List<CostRow> costs(CostQuery query);

  /** The most recent records, newest first, at most {@code limit}. */
  List<UsageRecord> latest(int limit);
}
