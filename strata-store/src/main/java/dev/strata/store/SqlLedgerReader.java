package dev.strata.store;

import static java.util.Objects.requireNonNull;

import dev.strata.core.ledger.CostExplorer;
import dev.strata.core.ledger.CostExplorerQuery;
import dev.strata.core.ledger.CostGrouping;
import dev.strata.core.ledger.CostQuery;
import dev.strata.core.ledger.CostReport;
import dev.strata.core.ledger.CostRow;
import dev.strata.core.ledger.LedgerExport;
import dev.strata.core.ledger.LedgerReader;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.money.Money;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reports over the ledger: the cost explorer (from hourly rollups where it can, raw records
 * otherwise), exports, the latest records and the legacy cost report. Sums are computed by the
 * database over whole pico-dollars, so they are exact; the legacy report's days are UTC.
 */
public final class SqlLedgerReader implements LedgerReader, CostExplorer, LedgerExport {
  /** The most records {@link #latest} returns. */
  public static final int MAX_LATEST = 10_000;

  private static final NamedSql SQL = NamedSql.load("ledger.sql");

  private final Database database;
  private final SqlCostExplorer explorer;
  private final LedgerPages pages;

  public SqlLedgerReader(Database database) {
    this.database = requireNonNull(database, "database");
    this.explorer = new SqlCostExplorer(database);
    this.pages = new LedgerPages(database);
  }

  @Override
  public CostReport explore(CostExplorerQuery query) {
    return explorer.explore(requireNonNull(query, "query"));
  }

  @Override
  public long forEachRecord(Instant from, Instant to, Consumer<UsageRecord> visitor) {
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    return pages.forEachRecord(from, to, requireNonNull(visitor, "visitor"));
  }

  @Override
  public List<CostRow> costs(CostQuery query) {
    requireNonNull(query, "query");
    String sql = CostReportSql.query(query.groupBy());
    return database.scan(
        "computing a cost report",
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setLong(1, query.from().toEpochMilli());
            select.setLong(2, query.to().toEpochMilli());
            try (ResultSet rows = select.executeQuery()) {
              List<CostRow> report = new ArrayList<>();
              while (rows.next()) {
                CostRow row = costRow(rows, query.groupBy());
                if (row.requests() > 0) { // an ungrouped report over nothing still has one row
                  report.add(row);
                }
              }
              return List.copyOf(report);
            }
          }
        });
  }

  private static CostRow costRow(ResultSet row, List<CostGrouping> groupings) throws SQLException {
    List<String> group = new ArrayList<>(groupings.size());
    for (int i = 0; i < groupings.size(); i++) {
      group.add(
          groupings.get(i) == CostGrouping.DAY
              ? LocalDate.ofEpochDay(row.getLong("g" + i)).toString()
              : row.getString("g" + i));
    }
    return new CostRow(
        group,
        row.getLong("requests"),
        row.getLong("input_tokens"),
        row.getLong("output_tokens"),
        row.getLong("cache_read_tokens"),
        row.getLong("cache_write_tokens"),
        Money.ofPico(row.getLong("total_cost_pico")),
        row.getLong("estimated_requests"),
        Money.ofPico(row.getLong("saved_pico")));
  }

  /**
   * @throws IllegalArgumentException unless {@code limit} is between 1 and {@link #MAX_LATEST}
   */
  @Override
  public List<UsageRecord> latest(int limit) {
    if (limit < 1 || limit > MAX_LATEST) {
      throw new IllegalArgumentException(
          "limit must be between 1 and " + MAX_LATEST + ", was " + limit);
    }
    return database.read(
        "reading the latest usage records",
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(SQL.get("latest"))) {
            select.setInt(1, limit);
            try (ResultSet rows = select.executeQuery()) {
              List<UsageRecord> records = new ArrayList<>();
              while (rows.next()) {
                records.add(UsageRecordColumns.read(rows));
              }
              return List.copyOf(records);
            }
          }
        });
  }
}
