package dev.strata.store;

import static java.util.Objects.requireNonNull;

import dev.strata.core.money.Money;
import dev.strata.core.provisioned.LaneUsage;
import dev.strata.core.provisioned.ProvisionedUsage;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The ledger's provisioned tier summed per provisioned model and UTC day, accrued hours (operation
 * {@code provisioned-hour}) apart from requests served, for break-even reports.
 */
public final class SqlProvisionedUsage implements ProvisionedUsage {
  private final Database database;

  public SqlProvisionedUsage(Database database) {
    this.database = requireNonNull(database, "database");
  }

  @Override
  public List<LaneUsage> usage(Instant from, Instant to) {
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    return database.read(
        "summing the ledger's provisioned tier",
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(SqlProvisionedStore.SQL.get("usage"))) {
            select.setLong(1, from.toEpochMilli());
            select.setLong(2, to.toEpochMilli());
            try (ResultSet rows = select.executeQuery()) {
              List<LaneUsage> usage = new ArrayList<>();
              while (rows.next()) {
                usage.add(
                    new LaneUsage(
                        rows.getString("served_model"),
                        LocalDate.ofEpochDay(rows.getLong("epoch_day")),
                        rows.getLong("hours"),
                        Money.ofPico(rows.getLong("accrued_pico")),
                        rows.getLong("requests"),
                        rows.getLong("input_tokens"),
                        rows.getLong("output_tokens"),
                        rows.getLong("cache_read_tokens"),
                        rows.getLong("cache_write_5m_tokens"),
                        rows.getLong("cache_write_1h_tokens")));
              }
              return usage;
            }
          }
        });
  }

  @Override
  public String toString() {
    return "SqlProvisionedUsage[" + database + "]";
  }
}
