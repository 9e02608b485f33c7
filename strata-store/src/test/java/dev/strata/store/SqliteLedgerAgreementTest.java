package dev.strata.store;

import java.nio.file.Path;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SqliteLedgerAgreementTest extends LedgerAgreementContract {
  @TempDir Path dir;

  @Override
  Database openDatabase() {
    return Database.open("jdbc:sqlite:" + dir.resolve("strata.db"));
  }
}
