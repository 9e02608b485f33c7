package dev.strata.store;

import static java.util.Objects.requireNonNull;

import dev.strata.core.auth.Principal;
import dev.strata.core.provisioned.CommitmentTerm;
import dev.strata.core.provisioned.ProvisionedLifetime;
import dev.strata.core.provisioned.ProvisionedModel;
import dev.strata.core.provisioned.ProvisionedStatus;
import dev.strata.core.provisioned.ProvisionedStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Provisioned models in the {@code provisioned_models} table; deleted ones stay, marked, for
 * billing. Times are kept to the millisecond.
 */
public final class SqlProvisionedStore implements ProvisionedStore {
  static final NamedSql SQL = NamedSql.load("provisioned.sql");

  private final Database database;

  public SqlProvisionedStore(Database database) {
    this.database = requireNonNull(database, "database");
  }

  @Override
  public boolean insert(ProvisionedModel model, Optional<String> clientToken) {
    requireNonNull(model, "model");
    requireNonNull(clientToken, "clientToken");
    return database.write(
        "storing the provisioned model " + model.id(),
        connection -> {
          try (PreparedStatement insert = connection.prepareStatement(SQL.get("insert"))) {
            Principal owner = model.owner();
            int i = 0;
            insert.setString(++i, model.id());
            insert.setString(++i, model.name());
            insert.setString(++i, model.arn());
            insert.setString(++i, model.baseModel());
            insert.setString(++i, model.basePriceId());
            insert.setInt(++i, model.modelUnits());
            insert.setString(++i, lower(model.commitment()));
            insert.setString(++i, lower(model.status()));
            insert.setString(++i, model.failureMessage().orElse(null));
            insert.setLong(++i, model.createdAt().toEpochMilli());
            insert.setLong(++i, model.lastModifiedAt().toEpochMilli());
            setInstant(insert, ++i, model.commitmentExpiresAt());
            insert.setString(++i, owner.keyId());
            insert.setString(++i, owner.tenant());
            insert.setString(++i, owner.team());
            insert.setString(++i, owner.app());
            insert.setString(++i, TagsJson.write(owner.tags()));
            insert.setString(++i, TagsJson.write(model.tags()));
            insert.setString(++i, clientToken.orElse(null));
            return insert.executeUpdate() == 1;
          }
        });
  }

  @Override
  public Optional<ProvisionedModel> byClientToken(String tenant, String clientToken) {
    requireNonNull(tenant, "tenant");
    requireNonNull(clientToken, "clientToken");
    List<ProvisionedLifetime> found = query("by_client_token", tenant, clientToken);
    return found.stream().findFirst().map(ProvisionedLifetime::model);
  }

  @Override
  public List<ProvisionedModel> live() {
    return query("live").stream().map(ProvisionedLifetime::model).toList();
  }

  @Override
  public boolean update(ProvisionedModel model) {
    requireNonNull(model, "model");
    return database.write(
        "updating the provisioned model " + model.id(),
        connection -> {
          try (PreparedStatement update = connection.prepareStatement(SQL.get("update"))) {
            int i = 0;
            update.setString(++i, model.name());
            update.setString(++i, model.baseModel());
            update.setString(++i, model.basePriceId());
            update.setInt(++i, model.modelUnits());
            update.setString(++i, lower(model.commitment()));
            update.setString(++i, lower(model.status()));
            update.setString(++i, model.failureMessage().orElse(null));
            update.setLong(++i, model.lastModifiedAt().toEpochMilli());
            setInstant(update, ++i, model.commitmentExpiresAt());
            update.setString(++i, TagsJson.write(model.tags()));
            update.setString(++i, model.id());
            return update.executeUpdate() > 0;
          }
        });
  }

  @Override
  public boolean delete(String id, Instant at) {
    requireNonNull(id, "id");
    requireNonNull(at, "at");
    return database.write(
        "deleting the provisioned model " + id,
        connection -> {
          try (PreparedStatement delete = connection.prepareStatement(SQL.get("delete"))) {
            delete.setLong(1, at.toEpochMilli());
            delete.setString(2, id);
            return delete.executeUpdate() > 0;
          }
        });
  }

  @Override
  public List<ProvisionedLifetime> lifetimes() {
    return query("lifetimes");
  }

  @Override
  public void accrued(String id, long hours) {
    requireNonNull(id, "id");
    database.write(
        "recording the billed hours of the provisioned model " + id,
        connection -> {
          try (PreparedStatement accrued = connection.prepareStatement(SQL.get("accrued"))) {
            accrued.setLong(1, hours);
            accrued.setString(2, id);
            return accrued.executeUpdate();
          }
        });
  }

  private List<ProvisionedLifetime> query(String statement, String... params) {
    return database.read(
        "reading provisioned models",
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(SQL.get(statement))) {
            for (int i = 0; i < params.length; i++) {
              select.setString(i + 1, params[i]);
            }
            try (ResultSet rows = select.executeQuery()) {
              List<ProvisionedLifetime> lifetimes = new ArrayList<>();
              while (rows.next()) {
                lifetimes.add(
                    new ProvisionedLifetime(
                        model(rows), instant(rows, "deleted_at"), rows.getLong("accrued_hours")));
              }
              return lifetimes;
            }
          }
        });
  }

  private static ProvisionedModel model(ResultSet row) throws SQLException {
    return new ProvisionedModel(
        row.getString("id"),
        row.getString("name"),
        row.getString("arn"),
        row.getString("base_model"),
        row.getString("base_price_id"),
        row.getInt("model_units"),
        CommitmentTerm.valueOf(upper(row.getString("commitment"))),
        ProvisionedStatus.valueOf(upper(row.getString("status"))),
        Optional.ofNullable(row.getString("failure_message")),
        Instant.ofEpochMilli(row.getLong("created_at")),
        Instant.ofEpochMilli(row.getLong("last_modified_at")),
        instant(row, "commitment_expires_at"),
        new Principal(
            row.getString("key_id"),
            row.getString("tenant"),
            row.getString("team"),
            row.getString("app"),
            TagsJson.read(row.getString("owner_tags_json"))),
        TagsJson.read(row.getString("tags_json")));
  }

  private static Optional<Instant> instant(ResultSet row, String column) throws SQLException {
    long millis = row.getLong(column);
    return row.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
  }

  private static void setInstant(PreparedStatement statement, int index, Optional<Instant> value)
      throws SQLException {
    if (value.isPresent()) {
      statement.setLong(index, value.get().toEpochMilli());
    } else {
      statement.setNull(index, Types.BIGINT);
    }
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  private static String upper(String stored) {
    return stored.toUpperCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return "SqlProvisionedStore[" + database + "]";
  }
}
