package dev.strata.store;

import dev.strata.core.auth.KeySecrets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The ledger agreement on PostgreSQL, in a schema of its own per test. */
@EnabledIfEnvironmentVariable(named = "STRATA_TEST_POSTGRES_URL", matches = ".+")
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PostgresLedgerAgreementTest extends LedgerAgreementContract {
  private final String serverUrl = System.getenv("STRATA_TEST_POSTGRES_URL");
  private final String schema = "strata_agree_" + KeySecrets.randomToken(8).toLowerCase(Locale.ROOT);

  @Override
  Database openDatabase() throws SQLException {
    execute("CREATE SCHEMA " + schema);
    return Database.open(serverUrl + (serverUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema);
  }

  @AfterEach
  void dropSchema() throws SQLException {
    execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(serverUrl);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
