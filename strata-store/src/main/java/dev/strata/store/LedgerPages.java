package dev.strata.store;

import static java.util.Objects.requireNonNull;

import dev.strata.core.ledger.UsageRecord;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads records for exports a page at a time, in (started_at, request_id) order, each page its own
 * short read: a slow consumer never holds a connection or more than one page in memory.
 */
final class LedgerPages {
  static final int PAGE_SIZE = 2_000;
  private static final NamedSql SQL = NamedSql.load("ledger.sql");

  private final Database database;

  LedgerPages(Database database) {
    this.database = requireNonNull(database, "database");
  }

  long forEachRecord(Instant from, Instant to, Consumer<UsageRecord> visitor) {
    long fromMillis = from.toEpochMilli();
    long toMillis = to.toEpochMilli();
    long count = 0;
    List<UsageRecord> page = firstPage(fromMillis, toMillis);
    while (!page.isEmpty()) {
      page.forEach(visitor);
      count += page.size();
      if (page.size() < PAGE_SIZE) {
        break;
      }
      UsageRecord last = page.get(page.size() - 1);
      page = nextPage(toMillis, last.startedAt().toEpochMilli(), last.requestId());
    }
    return count;
  }

  private List<UsageRecord> firstPage(long from, long to) {
    return database.read(
        "exporting usage records",
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(SQL.get("export_first"))) {
            select.setLong(1, from);
            select.setLong(2, to);
            select.setInt(3, PAGE_SIZE);
            return read(select);
          }
        });
  }

  private List<UsageRecord> nextPage(long to, long afterStarted, String afterId) {
    return database.read(
        "exporting usage records",
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(SQL.get("export_next"))) {
            select.setLong(1, to);
            select.setLong(2, afterStarted);
            select.setLong(3, afterStarted);
            select.setString(4, afterId);
            select.setInt(5, PAGE_SIZE);
            return read(select);
          }
        });
  }

  private static List<UsageRecord> read(PreparedStatement select) throws java.sql.SQLException {
    List<UsageRecord> records = new ArrayList<>(PAGE_SIZE);
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        records.add(UsageRecordColumns.read(rows));
      }
    }
    return records;
  }
}
