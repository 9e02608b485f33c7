package dev.strata.app.cli;

import dev.strata.core.auth.ApiKey;
import dev.strata.core.auth.IssuedKey;
import dev.strata.core.auth.NewKey;
import dev.strata.core.ledger.CostExplorerQuery;
import dev.strata.core.ledger.CostQuery;
import dev.strata.core.ledger.CostReport;
import dev.strata.core.ledger.CostRow;
import dev.strata.core.ledger.ExportFormat;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** What the keys and costs commands do, on the local data folder or through a server's admin API. */
interface AdminOperations extends AutoCloseable {
  IssuedKey createKey(NewKey request);

  List<ApiKey> listKeys();

  boolean revokeKey(String id);

  List<CostRow> costs(CostQuery query);

  /** The cost explorer's answer to {@code query}. */
  CostReport explore(CostExplorerQuery query);

  /**
   * Writes the records started in [{@code from}, {@code to}) to {@code out} in {@code format},
   * streaming; returns the bytes written.
   */
  long export(ExportFormat format, Instant from, Instant to, Path out);

  @Override
  void close();
}
