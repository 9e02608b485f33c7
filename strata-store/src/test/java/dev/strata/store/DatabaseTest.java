package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.error.StrataException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DatabaseTest {
  @TempDir Path dir;

  private String url(String name) {
    return "jdbc:sqlite:" + dir.resolve(name);
  }

  @Test
  void open_appliesEveryMigrationOnce_andReopenChangesNothing() {
    List<String> first;
    try (Database database = Database.open(url("strata.db"))) {
      first = migrations(database);
    }
    assertThat(first)
        .startsWith(
            "1|ledger and keys",
            "2|aws credentials",
            "3|ledger rollups",
            "4|budgets and rate limits",
            "5|response cache",
            "6|batch jobs",
            "7|provisioned throughput")
        .containsExactlyElementsOf(shippedMigrations());
    List<Long> appliedAt;
    try (Database database = Database.open(url("strata.db"))) {
      assertThat(migrations(database)).isEqualTo(first);
      appliedAt = appliedAt(database);
    }
    try (Database database = Database.open(url("strata.db"))) {
      assertThat(appliedAt(database)).isEqualTo(appliedAt);
      assertThat(tables(database))
          .contains("api_keys", "usage_records", "settings", "schema_migrations");
    }
  }

  @Test
  void open_createsParentFolders_andConfiguresSqlite() {
    Path file = dir.resolve("a/b/c/strata.db");
    try (Database database = Database.open("jdbc:sqlite:" + file)) {
      assertThat(file).exists();
      assertThat(database.toString()).contains(file.toString());
      assertThat(writerPragma(database, "journal_mode")).isEqualTo("wal");
      assertThat(writerPragma(database, "synchronous")).isEqualTo("1"); // NORMAL
      assertThat(writerPragma(database, "foreign_keys")).isEqualTo("1");
      assertThat(writerPragma(database, "busy_timeout")).isEqualTo("5000");
      assertThat(readerPragma(database, "busy_timeout")).isEqualTo("5000");
      assertThat(readerPragma(database, "foreign_keys")).isEqualTo("1");
    }
  }

  @Test
  void readerConnections_refuseWrites() {
    try (Database database = Database.open(url("strata.db"))) {
      assertThatThrownBy(
              () ->
                  database.read(
                      "writing through a reader",
                      c -> c.createStatement().executeUpdate("DELETE FROM settings")))
          .isInstanceOf(StrataException.class)
          .hasMessageContaining("writing through a reader");
    }
  }

  @Test
  void concurrentOpensOfANewFile_allSucceed_andMigrateOnce() throws Exception {
    int opens = 4;
    ExecutorService pool = Executors.newFixedThreadPool(opens);
    try {
      for (int round = 0; round < 5; round++) {
        String url = url("race-" + round + ".db");
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Database>> opened = new ArrayList<>();
        for (int i = 0; i < opens; i++) {
          opened.add(
              pool.submit(
                  () -> {
                    start.await();
                    return Database.open(url);
                  }));
        }
        start.countDown();
        List<Database> databases = new ArrayList<>();
        for (Future<Database> future : opened) {
          databases.add(future.get(60, TimeUnit.SECONDS));
        }
        for (Database database : databases) {
          assertThat(migrations(database)).containsExactlyElementsOf(shippedMigrations());
          database.close();
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anotherProcess_writesTheSameFileWhileThisOneWrites() throws Exception {
    String url = url("shared.db");
    int childWrites = 150;
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                SecondProcess.class.getName(),
                url,
                Integer.toString(childWrites))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("child.log").toFile())
            .start();
    int parentWrites = 0;
    try (Database database = Database.open(url)) {
      Settings settings = new Settings(database);
      while (child.isAlive() || parentWrites < 20) {
        settings.put("parent-" + parentWrites, "value");
        parentWrites++;
      }
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(child.exitValue())
          .as("child output: %s", Files.readString(dir.resolve("child.log")))
          .isZero();
      assertThat(count(database, "SELECT COUNT(*) FROM settings WHERE name LIKE 'child-%'"))
          .isEqualTo(childWrites);
      assertThat(count(database, "SELECT COUNT(*) FROM api_keys")).isEqualTo(childWrites);
      assertThat(count(database, "SELECT COUNT(*) FROM settings WHERE name LIKE 'parent-%'"))
          .isEqualTo(parentWrites);
      assertThat(migrations(database)).containsExactlyElementsOf(shippedMigrations());
    } finally {
      child.destroyForcibly();
    }
  }

  @Test
  void aFailingMigration_leavesNothingBehind() {
    try (Database database = Database.open(url("strata.db"))) {
      List<Migration> migrations = new ArrayList<>(Migrations.shipped());
      migrations.add(
          new Migration(
              migrations.size() + 1,
              "broken",
              List.of("CREATE TABLE half_done (a INTEGER)", "NOT SQL AT ALL")));
      MigrationRunner runner = new MigrationRunner(database, new TestClock(Instant.EPOCH));

      assertThatThrownBy(() -> runner.migrate(migrations))
          .isInstanceOf(StrataException.class)
          .hasMessageContaining("V" + migrations.size() + " (broken)");
      assertThat(migrations(database)).containsExactlyElementsOf(shippedMigrations());
      assertThat(tables(database)).doesNotContain("half_done");
    }
  }

  @Test
  void aSchemaNewerThanThisBuild_isRefused() {
    try (Database database = Database.open(url("strata.db"))) {
      database.write(
          "faking a newer schema",
          c ->
              c.createStatement()
                  .executeUpdate(
                      "INSERT INTO schema_migrations VALUES (999, 'from the future', 0)"));
    }
    assertThatThrownBy(() -> Database.open(url("strata.db")))
        .hasMessageContaining("schema version 999")
        .hasMessageContaining("upgrade Strata");
  }

  @Test
  void theMigrationIndex_listsEveryShippedScript() throws IOException, URISyntaxException {
    Path folder = Path.of(getClass().getResource(Migrations.FOLDER).toURI());
    try (Stream<Path> files = Files.list(folder)) {
      List<String> scripts =
          files
              .map(f -> f.getFileName().toString())
              .filter(name -> name.endsWith(".sql"))
              .sorted()
              .toList();
      assertThat(Migrations.listed()).isEqualTo(scripts);
    }
    assertThat(Migrations.shipped())
        .extracting(Migration::version)
        .startsWith(1, 2, 3, 4, 5, 6, 7)
        .containsExactlyElementsOf(
            java.util.stream.IntStream.rangeClosed(1, Migrations.shipped().size()).boxed().toList());
  }

  @Test
  void unsupportedUrls_areRefusedClearly() {
    assertThatThrownBy(() -> Database.open("jdbc:mysql://db/strata?password=hunter2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jdbc:sqlite:")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> Database.open("jdbc:sqlite::memory:"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a file");
  }

  @Test
  void postgresLocations_hideCredentials() {
    assertThat(
            PostgresConnector.withoutCredentials(
                "jdbc:postgresql://db:5432/strata?user=s&password=p"))
        .isEqualTo("jdbc:postgresql://db:5432/strata");
    assertThat(PostgresConnector.withoutCredentials("jdbc:postgresql://s:p@db/strata"))
        .isEqualTo("jdbc:postgresql://db/strata");
  }

  /** Every shipped migration as {@link #migrations} lists an applied one. */
  static List<String> shippedMigrations() {
    return Migrations.shipped().stream().map(m -> m.version() + "|" + m.description()).toList();
  }

  static List<String> migrations(Database database) {
    return database.read(
        "reading migrations",
        c -> {
          List<String> rows = new ArrayList<>();
          try (ResultSet rs =
              c.createStatement()
                  .executeQuery(
                      "SELECT version, description FROM schema_migrations ORDER BY version")) {
            while (rs.next()) {
              rows.add(rs.getInt(1) + "|" + rs.getString(2));
            }
          }
          return rows;
        });
  }

  private static List<Long> appliedAt(Database database) {
    return database.read(
        "reading migrations",
        c -> {
          List<Long> rows = new ArrayList<>();
          try (ResultSet rs =
              c.createStatement()
                  .executeQuery("SELECT applied_at FROM schema_migrations ORDER BY version")) {
            while (rs.next()) {
              rows.add(rs.getLong(1));
            }
          }
          return rows;
        });
  }

  private static List<String> tables(Database database) {
    return database.read(
        "listing tables",
        c -> {
          List<String> names = new ArrayList<>();
          try (ResultSet rs =
              c.createStatement()
                  .executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
            while (rs.next()) {
              names.add(rs.getString(1));
            }
          }
          return names;
        });
  }

  static long count(Database database, String sql) {
    return database.read(
        "counting",
        c -> {
          try (Statement statement = c.createStatement();
              ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  private static String writerPragma(Database database, String name) {
    return database.<String>write("reading a pragma", c -> pragma(c.createStatement(), name));
  }

  private static String readerPragma(Database database, String name) {
    return database.<String>read("reading a pragma", c -> pragma(c.createStatement(), name));
  }

  private static String pragma(Statement statement, String name) throws SQLException {
    try (statement;
        ResultSet rs = statement.executeQuery("PRAGMA " + name)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
