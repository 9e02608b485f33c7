package dev.strata.store;

import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.ledger.UsageSource;
import dev.strata.core.model.Usage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The sums one batch of newly stored records adds to one rollup table: records are summed per
 * bucket and dimensions in memory first, so a batch costs one upsert per distinct group rather
 * than one per record.
 */
final class RollupBatch {
  private final RollupTable table;
  private final Map<Key, long[]> sums = new HashMap<>();

  RollupBatch(RollupTable table) {
    this.table = table;
  }

  /** Adds {@code record} to its bucket's group. */
  void add(UsageRecord record) {
    Usage usage = record.usage();
    long started = record.startedAt().toEpochMilli();
    List<String> dimensions = new ArrayList<>(table.columns().size());
    for (RollupColumn column : table.columns()) {
      dimensions.add(column.valueOf(record));
    }
    Key key = new Key(table.bucketStart(started), dimensions);
    long[] s = sums.computeIfAbsent(key, k -> new long[9]);
    s[0] += 1;
    s[1] += usage.inputTokens();
    s[2] += usage.outputTokens();
    s[3] += usage.cacheReadInputTokens();
    s[4] += usage.cacheWrite5mInputTokens();
    s[5] += usage.cacheWrite1hInputTokens();
    s[6] = Math.addExact(s[6], record.cost().picoUsd());
    s[7] += record.usageSource() == UsageSource.ESTIMATED ? 1 : 0;
    s[8] = Math.addExact(s[8], record.savedCost().picoUsd());
  }

  boolean isEmpty() {
    return sums.isEmpty();
  }

  /** Upserts every group into the rollup table, inside the caller's transaction. */
  void store(Connection connection) throws SQLException {
    if (sums.isEmpty()) {
      return;
    }
    try (PreparedStatement upsert = connection.prepareStatement(table.upsertSql())) {
      for (Map.Entry<Key, long[]> entry : sums.entrySet()) {
        Key key = entry.getKey();
        int i = 0;
        upsert.setLong(++i, key.bucketStart());
        for (String dimension : key.dimensions()) {
          upsert.setString(++i, dimension);
        }
        for (long value : entry.getValue()) {
          upsert.setLong(++i, value);
        }
        upsert.addBatch();
      }
      upsert.executeBatch();
    }
  }

  /** A group: its bucket and its values of the table's dimension columns, in their order. */
  private record Key(long bucketStart, List<String> dimensions) {}
}
