package dev.strata.store;

/** The rollup tables: sums per UTC hour and per UTC day, both maintained by the ledger writer. */
enum RollupTable {
  HOURLY("usage_rollups_hourly", 3_600_000L),
  DAILY("usage_rollups_daily", 86_400_000L);

  private final String table;
  private final long bucketMillis;

  RollupTable(String table, long bucketMillis) {
    this.table = table;
    this.bucketMillis = bucketMillis;
  }

  String table() {
    return table;
  }

  long bucketMillis() {
    return bucketMillis;
  }

  /** The start of the bucket holding {@code epochMillis}. */
  long bucketStart(long epochMillis) {
    return Math.floorDiv(epochMillis, bucketMillis) * bucketMillis;
  }
}
