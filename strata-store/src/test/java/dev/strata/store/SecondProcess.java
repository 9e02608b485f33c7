package dev.strata.store;

import dev.strata.core.auth.NewKey;
import java.time.Clock;
import java.util.Map;

/** Run as a separate JVM by tests: opens the database and writes, as the command line would. */
public final class SecondProcess {
  private SecondProcess() {}

  /** Arguments: the JDBC URL and how many settings and keys to write. */
  public static void main(String[] args) {
    int writes = Integer.parseInt(args[1]);
    try (Database database = Database.open(args[0])) {
      Settings settings = new Settings(database);
      SqlKeyStore keys = new SqlKeyStore(database, Clock.systemUTC());
      for (int i = 0; i < writes; i++) {
        settings.put("child-" + i, "value-" + i);
        keys.create(new NewKey("child key " + i, "acme", "cli", "cli", Map.of()));
      }
    }
    System.out.println("child done");
  }
}
