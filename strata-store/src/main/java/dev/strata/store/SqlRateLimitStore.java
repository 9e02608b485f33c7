package dev.strata.store;

import static java.util.Objects.requireNonNull;

import dev.strata.core.ratelimit.RateLimit;
import dev.strata.core.ratelimit.RateLimitScope;
import dev.strata.core.ratelimit.RateLimitStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** Rate limits in the {@code rate_limits} table. */
public final class SqlRateLimitStore implements RateLimitStore {
  private static final NamedSql SQL = NamedSql.load("rate_limits.sql");

  private final Database database;
  private final Clock clock;

  public SqlRateLimitStore(Database database, Clock clock) {
    this.database = requireNonNull(database, "database");
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public List<RateLimit> all() {
    return database.read(
        "reading the rate limits",
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(SQL.get("all"));
              ResultSet rows = select.executeQuery()) {
            List<RateLimit> limits = new ArrayList<>();
            while (rows.next()) {
              limits.add(
                  new RateLimit(
                      rows.getString("id"),
                      RateLimitScope.parse(rows.getString("scope")),
                      optional(rows, "requests_per_minute"),
                      optional(rows, "tokens_per_minute")));
            }
            return limits;
          }
        });
  }

  @Override
  public void save(RateLimit limit) {
    requireNonNull(limit, "limit");
    database.write(
        "saving the rate limit " + limit.id(),
        connection -> {
          try (PreparedStatement upsert = connection.prepareStatement(SQL.get("upsert"))) {
            upsert.setString(1, limit.id());
            upsert.setString(2, limit.scope().wireForm());
            set(upsert, 3, limit.requestsPerMinute());
            set(upsert, 4, limit.tokensPerMinute());
            upsert.setLong(5, clock.millis());
            return upsert.executeUpdate();
          }
        });
  }

  @Override
  public boolean delete(String id) {
    requireNonNull(id, "id");
    return database.write(
        "deleting the rate limit " + id,
        connection -> {
          try (PreparedStatement delete = connection.prepareStatement(SQL.get("delete"))) {
            delete.setString(1, id);
            return delete.executeUpdate() > 0;
          }
        });
  }

  private static OptionalLong optional(ResultSet row, String column) throws SQLException {
    long value = row.getLong(column);
    return row.wasNull() ? OptionalLong.empty() : OptionalLong.of(value);
  }

  private static void set(PreparedStatement statement, int index, OptionalLong value)
      throws SQLException {
    if (value.isPresent()) {
      statement.setLong(index, value.getAsLong());
    } else {
      statement.setNull(index, Types.BIGINT);
    }
  }

  @Override
  public String toString() {
    return "SqlRateLimitStore[" + database + "]";
  }
}
