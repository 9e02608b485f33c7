package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.auth.AwsCredential;
import dev.strata.core.auth.KeySecrets;
import dev.strata.core.auth.NewKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The AWS credential store on PostgreSQL, when STRATA_TEST_POSTGRES_URL names a server. */
@EnabledIfEnvironmentVariable(named = "STRATA_TEST_POSTGRES_URL", matches = ".+")
class SqlAwsCredentialStorePostgresTest {
  private final String serverUrl = System.getenv("STRATA_TEST_POSTGRES_URL");
  private final String schema =
      "strata_aws_" + KeySecrets.randomToken(8).toLowerCase(Locale.ROOT);

  @BeforeEach
  void createSchema() throws SQLException {
    execute("CREATE SCHEMA " + schema);
  }

  @AfterEach
  void dropSchema() throws SQLException {
    execute("DROP SCHEMA " + schema + " CASCADE");
  }

  @Test
  void issueAndFind_workUnchangedOnPostgres() {
    String url = serverUrl + (serverUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    TestClock clock = new TestClock(Instant.parse("2025-03-01T09:00:00Z"));
    try (Database database = Database.open(url)) {
      SqlKeyStore keys = new SqlKeyStore(database, clock);
      var credentials =
          new SqlAwsCredentialStore(
              database, keys, new SecretBox(new byte[SecretBox.KEY_BYTES]), clock);
      String keyId = keys.create(new NewKey("pg", "acme", "", "", Map.of())).key().id();

      AwsCredential issued = credentials.issue(keyId);

      assertThat(credentials.findByAccessKeyId(issued.accessKeyId())).contains(issued);
    }
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(serverUrl);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
