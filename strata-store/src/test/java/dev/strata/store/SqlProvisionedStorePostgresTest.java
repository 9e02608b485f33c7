package dev.strata.store;

import dev.strata.core.auth.KeySecrets;
import dev.strata.core.provisioned.ProvisionedStore;
import dev.strata.core.testing.ProvisionedStoreContract;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The provisioned-model store on PostgreSQL, in a schema of its own per test, when
 * STRATA_TEST_POSTGRES_URL names a server.
 */
@EnabledIfEnvironmentVariable(named = "STRATA_TEST_POSTGRES_URL", matches = ".+")
class SqlProvisionedStorePostgresTest extends ProvisionedStoreContract {
  private final String serverUrl = System.getenv("STRATA_TEST_POSTGRES_URL");
  private final List<Database> opened = new ArrayList<>();
  private final List<String> schemas = new ArrayList<>();

  @Override
  protected ProvisionedStore store() {
    String schema = "strata_pt_" + KeySecrets.randomToken(8).toLowerCase(Locale.ROOT);
    try {
      execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create schema " + schema, e);
    }
    schemas.add(schema);
    Database database =
        Database.open(
            serverUrl + (serverUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema);
    opened.add(database);
    return new SqlProvisionedStore(database);
  }

  @AfterEach
  void dropSchemas() throws SQLException {
    opened.forEach(Database::close);
    for (String schema : schemas) {
      execute("DROP SCHEMA " + schema + " CASCADE");
    }
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(serverUrl);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
