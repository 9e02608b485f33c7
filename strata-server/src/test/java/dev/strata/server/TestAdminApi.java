package dev.strata.server;

import dev.strata.core.auth.ApiKey;
import dev.strata.core.auth.IssuedKey;
import dev.strata.core.auth.KeyAuthenticator;
import dev.strata.core.auth.KeySecrets;
import dev.strata.core.auth.KeyStore;
import dev.strata.core.auth.NewKey;
import dev.strata.core.ledger.CostQuery;
import dev.strata.core.ledger.CostRow;
import dev.strata.core.ledger.LedgerReader;
import java.util.List;

/** The admin port wired the way the application wires it, over the in-memory stores. */
final class TestAdminApi implements dev.strata.server.admin.AdminApi {
  private final String adminSecretHash;
  private final KeyStore keys;
  private final KeyAuthenticator authenticator;
  private final LedgerReader ledger;

  TestAdminApi(
      String adminSecret, KeyStore keys, KeyAuthenticator authenticator, LedgerReader ledger) {
    this.adminSecretHash = KeySecrets.hash(adminSecret);
    this.keys = keys;
    this.authenticator = authenticator;
    this.ledger = ledger;
  }

  @Override
  public boolean isAdminSecret(String secret) {
    return KeySecrets.hashesMatch(KeySecrets.hash(secret), adminSecretHash);
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
    if (revoked) {
      authenticator.forget(id);
    }
    return revoked;
  }

  @Override
  public List<CostRow> costs(CostQuery query) {
    return ledger.costs(query);
  }
}
