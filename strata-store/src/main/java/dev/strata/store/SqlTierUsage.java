package dev.strata.store;

import static java.util.Objects.requireNonNull;

import dev.strata.core.advice.KeyTraffic;
import dev.strata.core.advice.ModelHour;
import dev.strata.core.advice.TierUsage;
import dev.strata.core.advice.WholeHours;
import dev.strata.core.model.Usage;
import dev.strata.core.money.Money;
import dev.strata.core.money.Tier;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The ledger's on-demand tier summed for tier advice: per key from the raw records (whether a
 * request was streamed is kept only there, so a key's figures cover the records retention has
 * kept), per model and hour from the hourly rollups.
 */
public final class SqlTierUsage implements TierUsage {
  private static final NamedSql SQL = NamedSql.load("tiers.sql");
  private static final String ON_DEMAND = Tier.ON_DEMAND.wireName();

  private final Database database;

  public SqlTierUsage(Database database) {
    this.database = requireNonNull(database, "database");
  }

  @Override
  public List<KeyTraffic> keyTraffic(Instant from, Instant to) {
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    return database.scan(
        "summing on-demand traffic per key",
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(SQL.get("key_traffic"))) {
            select.setString(1, ON_DEMAND);
            select.setLong(2, from.toEpochMilli());
            select.setLong(3, to.toEpochMilli());
            try (ResultSet rows = select.executeQuery()) {
              List<KeyTraffic> traffic = new ArrayList<>();
              while (rows.next()) {
                traffic.add(
                    new KeyTraffic(
                        rows.getString("key_id"),
                        rows.getString("tenant"),
                        rows.getString("team"),
                        rows.getString("app"),
                        rows.getString("served_model"),
                        LocalDate.ofEpochDay(rows.getLong("epoch_day")),
                        rows.getInt("streamed") == 1,
                        rows.getLong("requests"),
                        new Usage(
                            rows.getLong("input_tokens"),
                            rows.getLong("output_tokens"),
                            rows.getLong("cache_read_tokens"),
                            rows.getLong("cache_write_5m_tokens"),
                            rows.getLong("cache_write_1h_tokens")),
                        Money.ofPico(rows.getLong("cost_pico"))));
              }
              return traffic;
            }
          }
        });
  }

  @Override
  public List<ModelHour> modelHours(Instant from, Instant to) {
    WholeHours hours = WholeHours.within(requireNonNull(from, "from"), requireNonNull(to, "to"));
    if (hours.count() == 0) {
      return List.of();
    }
    return database.read(
        "summing on-demand traffic per model and hour",
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(SQL.get("model_hours"))) {
            select.setString(1, ON_DEMAND);
            select.setLong(2, hours.from().toEpochMilli());
            select.setLong(3, hours.to().toEpochMilli());
            try (ResultSet rows = select.executeQuery()) {
              List<ModelHour> modelHours = new ArrayList<>();
              while (rows.next()) {
                modelHours.add(
                    new ModelHour(
                        rows.getString("served_model"),
                        Instant.ofEpochMilli(rows.getLong("bucket_start")),
                        rows.getLong("requests"),
                        rows.getLong("tokens"),
                        Money.ofPico(rows.getLong("cost_pico"))));
              }
              return modelHours;
            }
          }
        });
  }

  @Override
  public String toString() {
    return "SqlTierUsage[" + database + "]";
  }
}
