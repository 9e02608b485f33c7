package dev.strata.server.admin;

import dev.strata.core.auth.ApiKey;
import dev.strata.core.auth.IssuedKey;
import dev.strata.core.auth.NewKey;
import dev.strata.core.ledger.CostQuery;
import dev.strata.core.ledger.CostRow;
import java.util.List;

/**
 * The operations behind {@code /admin/...}, implemented by the application from the key store, the
 * authenticator and the ledger. Calls may block; the server makes them on virtual threads.
 */
public interface AdminApi {
  /** Whether {@code secret} is the admin key; compare in constant time. */
  boolean isAdminSecret(String secret);

  /** Creates a virtual key; the secret in the result is shown to the caller once. */
  IssuedKey createKey(NewKey request);

  /** All keys, oldest first. */
  List<ApiKey> listKeys();

  /**
   * Revokes a key so that its next request is refused; false when no key has that id.
   * Implementations also drop the key from any authentication cache.
   */
  boolean revokeKey(String id);

  /** Spend in the queried period, grouped as asked. */
  List<CostRow> costs(CostQuery query);
}
