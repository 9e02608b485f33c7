package dev.strata.app.cli;

import dev.strata.app.config.StrataConfig;
import dev.strata.core.auth.ApiKey;
import dev.strata.core.auth.IssuedKey;
import dev.strata.core.auth.NewKey;
import dev.strata.core.ledger.CostExplorerQuery;
import dev.strata.core.ledger.CostQuery;
import dev.strata.core.ledger.CostReport;
import dev.strata.core.ledger.CostRow;
import dev.strata.core.ledger.ExportFormat;
import dev.strata.core.ledger.ExportWriter;
import dev.strata.store.Database;
import dev.strata.store.SqlKeyStore;
import dev.strata.store.SqlLedgerReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.Clock;
import java.util.List;

/**
 * Admin operations straight on the data folder's database, safe while a server uses it too: a key
 * created here is usable by the running server at once.
 */
final class LocalData implements AdminOperations {
  private final Database database;
  private final SqlKeyStore keys;
  private final SqlLedgerReader ledger;

  LocalData(StrataConfig config) {
    try {
      Files.createDirectories(config.home());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data folder " + config.home(), e);
    }
    this.database = Database.open(config.storeUrl());
    this.keys = new SqlKeyStore(database, Clock.systemUTC());
    this.ledger = new SqlLedgerReader(database);
  }

  @Override
  public IssuedKey createKey(NewKey request) {
    return keys.create(request);
  }

  @Override
  public List<ApiKey> listKeys() {
    return keys.list();
  }

  @Override
  public boolean revokeKey(String id) {
    return keys.revoke(id);
  }

  @Override
  public List<CostRow> costs(CostQuery query) {
    return ledger.costs(query);
  }

  @Override
  public CostReport explore(CostExplorerQuery query) {
    return ledger.explore(query);
  }

  @Override
  public long export(ExportFormat format, Instant from, Instant to, Path out) {
    try (BufferedWriter file = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      ExportWriter writer = format.writer(file);
      writer.begin();
      ledger.forEachRecord(from, to, writer::write);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out, e);
    }
    try {
      return Files.size(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the size of " + out, e);
    }
  }

  @Override
  public void close() {
    database.close();
  }
}
