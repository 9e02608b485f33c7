package dev.strata.store;

import static java.util.Objects.requireNonNull;

import dev.strata.core.budget.Budget;
import dev.strata.core.budget.BudgetPeriod;
import dev.strata.core.budget.BudgetScope;
import dev.strata.core.budget.BudgetStore;
import dev.strata.core.budget.Enforcement;
import dev.strata.core.money.Money;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Budgets in the {@code budgets} table, alerts sent in {@code budget_alerts}, and the spend a
 * budget's period opens with, summed from the ledger's records.
 */
public final class SqlBudgetStore implements BudgetStore {
  private static final NamedSql SQL = NamedSql.load("budgets.sql");

  private final Database database;
  private final Clock clock;

  public SqlBudgetStore(Database database, Clock clock) {
    this.database = requireNonNull(database, "database");
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public List<Budget> all() {
    return database.read(
        "reading the budgets",
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(SQL.get("all"));
              ResultSet rows = select.executeQuery()) {
            List<Budget> budgets = new ArrayList<>();
            while (rows.next()) {
              budgets.add(budget(rows));
            }
            return budgets;
          }
        });
  }

  @Override
  public Optional<Budget> find(String id) {
    requireNonNull(id, "id");
    return database.read(
        "reading the budget " + id,
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(SQL.get("by_id"))) {
            select.setString(1, id);
            try (ResultSet rows = select.executeQuery()) {
              return rows.next() ? Optional.of(budget(rows)) : Optional.<Budget>empty();
            }
          }
        });
  }

  @Override
  public void save(Budget budget) {
    requireNonNull(budget, "budget");
    database.write(
        "saving the budget " + budget.id(),
        connection -> {
          try (PreparedStatement upsert = connection.prepareStatement(SQL.get("upsert"))) {
            upsert.setString(1, budget.id());
            upsert.setString(2, budget.name());
            upsert.setString(3, budget.scope().wireForm());
            upsert.setString(4, budget.period().wireName());
            upsert.setLong(5, budget.limit().picoUsd());
            upsert.setString(6, budget.enforcement().wireName());
            upsert.setString(
                7,
                budget.alertPercents().stream().map(String::valueOf).collect(Collectors.joining(",")));
            upsert.setLong(8, clock.millis());
            return upsert.executeUpdate();
          }
        });
  }

  @Override
  public boolean delete(String id) {
    requireNonNull(id, "id");
    return database.write(
        "deleting the budget " + id,
        connection -> {
          try (PreparedStatement alerts = connection.prepareStatement(SQL.get("delete_alerts"));
              PreparedStatement delete = connection.prepareStatement(SQL.get("delete"))) {
            alerts.setString(1, id);
            alerts.executeUpdate();
            delete.setString(1, id);
            return delete.executeUpdate() > 0;
          }
        });
  }

  @Override
  public Money spent(BudgetScope scope, Instant from, Instant to) {
    requireNonNull(scope, "scope");
    return database.read(
        "summing the spend of budget scope " + scope.wireForm(),
        connection ->
            switch (scope) {
              case BudgetScope.Deployment all -> sum(connection, "spent_deployment", from, to);
              case BudgetScope.Key key -> sum(connection, "spent_key", from, to, key.keyId());
              case BudgetScope.Team team -> sum(connection, "spent_team", from, to, team.team());
              case BudgetScope.Tenant tenant ->
                  sum(connection, "spent_tenant", from, to, tenant.tenant());
              case BudgetScope.Model model ->
                  sum(connection, "spent_model", from, to, model.model(), model.model());
              case BudgetScope.Tag tag -> tagged(connection, tag, from, to);
            });
  }

  @Override
  public boolean markAlerted(String budgetId, Instant periodStart, int percent) {
    return database.write(
        "recording a budget alert",
        connection -> {
          try (PreparedStatement insert = connection.prepareStatement(SQL.get("mark_alerted"))) {
            insert.setString(1, budgetId);
            insert.setLong(2, periodStart.toEpochMilli());
            insert.setInt(3, percent);
            insert.setLong(4, clock.millis());
            return insert.executeUpdate() == 1;
          }
        });
  }

  private static Money sum(
      Connection connection, String statement, Instant from, Instant to, String... values)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(SQL.get(statement))) {
      select.setLong(1, from.toEpochMilli());
      select.setLong(2, to.toEpochMilli());
      for (int i = 0; i < values.length; i++) {
        select.setString(3 + i, values[i]);
      }
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        return Money.ofPico(rows.getLong(1));
      }
    }
  }

  /**
   * Tags live in a JSON column: a LIKE on the tag's name narrows the rows, and each candidate's
   * tags are then read properly, so a value that merely contains the text is not counted.
   */
  private static Money tagged(Connection connection, BudgetScope.Tag tag, Instant from, Instant to)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(SQL.get("tagged_costs"))) {
      select.setLong(1, from.toEpochMilli());
      select.setLong(2, to.toEpochMilli());
      select.setString(3, "%" + likeEscaped(tag.name()) + "%");
      long pico = 0;
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          if (tag.value().equals(TagsJson.read(rows.getString(1)).get(tag.name()))) {
            pico = Math.addExact(pico, rows.getLong(2));
          }
        }
      }
      return Money.ofPico(pico);
    }
  }

  /** LIKE has no portable escape without an ESCAPE clause: drop the wildcards to a broader match. */
  private static String likeEscaped(String text) {
    return text.replace('%', '_');
  }

  private static Budget budget(ResultSet row) throws SQLException {
    String percents = row.getString("alert_percents");
    return new Budget(
        row.getString("id"),
        row.getString("name"),
        BudgetScope.parse(row.getString("scope")),
        BudgetPeriod.parse(row.getString("period")),
        Money.ofPico(row.getLong("limit_pico")),
        Enforcement.parse(row.getString("enforcement")),
        percents.isBlank()
            ? List.of()
            : Arrays.stream(percents.split(",")).map(Integer::valueOf).toList());
  }

  @Override
  public String toString() {
    return "SqlBudgetStore[" + database + "]";
  }
}
