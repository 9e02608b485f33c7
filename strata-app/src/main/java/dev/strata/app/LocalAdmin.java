package dev.strata.app;

import static java.util.Objects.requireNonNull;

import dev.strata.core.auth.ApiKey;
import dev.strata.core.auth.IssuedKey;
import dev.strata.core.auth.KeyAuthenticator;
import dev.strata.core.auth.KeyStore;
import dev.strata.core.auth.NewKey;
import dev.strata.core.ledger.CostExplorerQuery;
import dev.strata.core.ledger.CostQuery;
import dev.strata.core.ledger.CostReport;
import dev.strata.core.ledger.CostRow;
import dev.strata.core.ledger.SavingsCalculator;
import dev.strata.core.ledger.SavingsReport;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.money.PriceBook;
import dev.strata.server.admin.AdminApi;
import dev.strata.store.SqlLedgerReader;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * The admin API over this process's key store, authenticator and ledger; the savings view prices
 * traffic with the deployment's price book.
 */
final class LocalAdmin implements AdminApi {
  private final AdminKey adminKey;
  private final KeyStore keys;
  private final KeyAuthenticator authenticator;
  private final SqlLedgerReader ledger;
  private final SavingsCalculator savings;

  LocalAdmin(
      AdminKey adminKey,
      KeyStore keys,
      KeyAuthenticator authenticator,
      SqlLedgerReader ledger,
      PriceBook prices) {
    this.adminKey = requireNonNull(adminKey, "adminKey");
    this.keys = requireNonNull(keys, "keys");
    this.authenticator = requireNonNull(authenticator, "authenticator");
    this.ledger = requireNonNull(ledger, "ledger");
    this.savings = new SavingsCalculator(requireNonNull(prices, "prices"));
  }

  @Override
  public boolean isAdminSecret(String secret) {
    return adminKey.matches(secret);
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
    boolean revoked = keys.revoke(id);
    authenticator.forget(id);
    return revoked;
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
  public SavingsReport savings(Instant from, Instant to) {
    return savings.report(ledger.explore(SavingsCalculator.query(from, to)));
  }

  @Override
  public List<UsageRecord> latestRecords(int limit) {
    return ledger.latest(limit);
  }

  @Override
  public long exportRecords(Instant from, Instant to, Consumer<UsageRecord> visitor) {
    return ledger.forEachRecord(from, to, visitor);
  }
}
