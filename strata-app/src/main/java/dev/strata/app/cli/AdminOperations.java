package dev.strata.app.cli;

import dev.strata.core.auth.ApiKey;
import dev.strata.core.auth.IssuedKey;
import dev.strata.core.auth.NewKey;
import dev.strata.core.ledger.CostQuery;
import dev.strata.core.ledger.CostRow;
import java.util.List;

/** What the keys and costs commands do, on the local data folder or through a server's admin API. */
interface AdminOperations extends AutoCloseable {
  IssuedKey createKey(NewKey request);

  List<ApiKey> listKeys();

  boolean revokeKey(String id);

  List<CostRow> costs(CostQuery query);

  @Override
  void close();
}
