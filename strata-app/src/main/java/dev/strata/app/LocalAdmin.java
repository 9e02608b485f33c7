package dev.strata.app;

import static java.util.Objects.requireNonNull;

import dev.strata.core.auth.ApiKey;
import dev.strata.core.auth.IssuedKey;
import dev.strata.core.auth.KeyAuthenticator;
import dev.strata.core.auth.KeyStore;
import dev.strata.core.auth.NewKey;
import dev.strata.core.ledger.CostQuery;
import dev.strata.core.ledger.CostRow;
import dev.strata.core.ledger.LedgerReader;
import dev.strata.server.admin.AdminApi;
import java.util.List;

/** The admin API over this process's key store, authenticator and ledger. */
final class LocalAdmin implements AdminApi {
  private final AdminKey adminKey;
  private final KeyStore keys;
  private final KeyAuthenticator authenticator;
  private final LedgerReader ledger;

  LocalAdmin(AdminKey adminKey, KeyStore keys, KeyAuthenticator authenticator, LedgerReader ledger) {
    this.adminKey = requireNonNull(adminKey, "adminKey");
    this.keys = requireNonNull(keys, "keys");
    this.authenticator = requireNonNull(authenticator, "authenticator");
    this.ledger = requireNonNull(ledger, "ledger");
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
}
