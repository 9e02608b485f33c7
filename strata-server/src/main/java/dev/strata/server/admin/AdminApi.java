package dev.strata.server.admin;

import dev.strata.core.auth.ApiKey;
import dev.strata.core.auth.IssuedKey;
import dev.strata.core.auth.NewKey;
import dev.strata.core.error.StrataException;
import dev.strata.core.ledger.CostDimension;
import dev.strata.core.ledger.CostExplorerQuery;
import dev.strata.core.ledger.CostGrouping;
import dev.strata.core.ledger.CostQuery;
import dev.strata.core.ledger.CostReport;
import dev.strata.core.ledger.CostRow;
import dev.strata.core.ledger.SavingsReport;
import dev.strata.core.ledger.UsageRecord;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

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

  /**
   * The cost explorer. The default answers only what {@link #costs} can (UTC, no filters, grouped
   * by model, key, provider, team or day) for admin ports without an explorer.
   */
  default CostReport explore(CostExplorerQuery query) {
    List<CostGrouping> groupings = new ArrayList<>();
    for (CostDimension dimension : query.groupBy()) {
      CostGrouping grouping =
          switch (dimension) {
            case CostDimension.Field.MODEL -> CostGrouping.MODEL;
            case CostDimension.Field.KEY -> CostGrouping.KEY;
            case CostDimension.Field.PROVIDER -> CostGrouping.PROVIDER;
            case CostDimension.Field.TEAM -> CostGrouping.TEAM;
            case CostDimension.Field.DAY -> CostGrouping.DAY;
            default -> null;
          };
      if (grouping == null) {
        throw unsupported("grouping by " + dimension.wireName());
      }
      groupings.add(grouping);
    }
    if (!query.filters().isEmpty() || !query.zone().equals(ZoneOffset.UTC)) {
      throw unsupported("filters and time zones");
    }
    return new CostReport(
        query,
        costs(new CostQuery(query.from(), query.to(), groupings)),
        CostReport.Source.RECORDS);
  }

  /** What each cost lever saved in the period, against the requested models' list prices. */
  default SavingsReport savings(Instant from, Instant to) {
    throw unsupported("the savings view");
  }

  /**
   * Hands every record started in [{@code from}, {@code to}) to {@code visitor}, oldest first, a
   * page at a time; returns how many there were.
   */
  default long exportRecords(Instant from, Instant to, Consumer<UsageRecord> visitor) {
    throw unsupported("ledger exports");
  }

  /**
   * The most recent ledger records, newest first, at most {@code limit}; {@code GET
   * /admin/requests} shows them.
   */
  default List<UsageRecord> latestRecords(int limit) {
    throw unsupported("the latest requests");
  }

  private static StrataException unsupported(String what) {
    return StrataException.builder(
            dev.strata.core.error.ErrorKind.NOT_FOUND, "This server does not offer " + what + ".")
        .code("unsupported")
        .build();
  }
}
