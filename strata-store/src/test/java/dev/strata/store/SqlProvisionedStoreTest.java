package dev.strata.store;

import dev.strata.core.provisioned.ProvisionedStore;
import dev.strata.core.testing.ProvisionedStoreContract;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The provisioned-model store on SQLite, held to the same contract as the in-memory one. */
class SqlProvisionedStoreTest extends ProvisionedStoreContract {
  @TempDir Path dir;
  private final List<Database> opened = new ArrayList<>();

  @Override
  protected ProvisionedStore store() {
    Database database =
        Database.open("jdbc:sqlite:" + dir.resolve("strata-" + opened.size() + ".db"));
    opened.add(database);
    return new SqlProvisionedStore(database);
  }

  @AfterEach
  void close() {
    opened.forEach(Database::close);
  }
}
