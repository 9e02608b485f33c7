package dev.strata.store;

import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.ledger.UsageSource;
import dev.strata.core.model.Usage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The sums one batch of newly stored records adds to one rollup table: records are summed per
 * bucket and dimensions in memory first, so a batch costs one upsert per distinct group rather
 * than one per record.
 */
final class RollupBatch {
  private static final NamedSql SQL = NamedSql.load("ledger.sql");

  private final RollupTable table;
  private final Map<Key, long[]> sums = new HashMap<>();

  RollupBatch(RollupTable table) {
    this.table = table;
  }

  /** Adds {@code record} to its bucket's group. */
  void add(UsageRecord record) {
    Usage usage = record.usage();
    long started = record.startedAt().toEpochMilli();
    Key key =
        new Key(
            table.bucketStart(started),
            UsageRecordColumns.text(record.principal().keyId()),
            UsageRecordColumns.text(record.principal().tenant()),
            UsageRecordColumns.text(record.principal().team()),
            UsageRecordColumns.text(record.principal().app()),
            UsageRecordColumns.text(record.requestedModel()),
            UsageRecordColumns.text(record.servedModel()),
            UsageRecordColumns.text(record.provider()),
            record.tier().wireName(),
            UsageRecordColumns.text(record.wireFormat()),
            UsageRecordColumns.text(record.operation()),
            UsageRecordColumns.text(record.status()),
            record.cacheDimension());
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
    try (PreparedStatement upsert = connection.prepareStatement(SQL.get("rollup_upsert").replace("{table}", table.table()))) {
      for (Map.Entry<Key, long[]> entry : sums.entrySet()) {
        Key key = entry.getKey();
        int i = 0;
        upsert.setLong(++i, key.bucketStart());
        upsert.setString(++i, key.keyId());
        upsert.setString(++i, key.tenant());
        upsert.setString(++i, key.team());
        upsert.setString(++i, key.app());
        upsert.setString(++i, key.requestedModel());
        upsert.setString(++i, key.servedModel());
        upsert.setString(++i, key.provider());
        upsert.setString(++i, key.tier());
        upsert.setString(++i, key.wireFormat());
        upsert.setString(++i, key.operation());
        upsert.setString(++i, key.status());
        upsert.setString(++i, key.cacheStatus());
        for (long value : entry.getValue()) {
          upsert.setLong(++i, value);
        }
        upsert.addBatch();
      }
      upsert.executeBatch();
    }
  }

  private record Key(
      long bucketStart,
      String keyId,
      String tenant,
      String team,
      String app,
      String requestedModel,
      String servedModel,
      String provider,
      String tier,
      String wireFormat,
      String operation,
      String status,
      String cacheStatus) {}
}
