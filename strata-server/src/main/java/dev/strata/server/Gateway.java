package dev.strata.server;

import static java.util.Objects.requireNonNull;

import dev.strata.core.auth.Authenticator;
import dev.strata.core.cache.CacheInvalidator;
import dev.strata.core.catalog.ModelCatalog;
import dev.strata.core.path.RequestPath;
import dev.strata.server.admin.AdminApi;
import dev.strata.server.admin.SpendControls;
import dev.strata.server.aws.SigV4Verifier;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * What the HTTP frontends need from the rest of Strata: the request path every model call runs
 * through, the authenticator for calls that do not reach a model (listing models), the catalog, the
 * clock, the admin port, the budgets and rate limits the admin API manages, the response cache it
 * can invalidate, and further APIs to mount (batch, object storage, provisioned throughput).
 */
public record Gateway(
    RequestPath path,
    Authenticator authenticator,
    ModelCatalog catalog,
    Clock clock,
    AdminApi admin,
    Optional<SigV4Verifier> sigV4,
    Optional<SpendControls> spendControls,
    Optional<CacheInvalidator> responseCache,
    List<Frontend> frontends) {

  /** A gateway whose Bedrock frontend accepts bearer keys only (no AWS SigV4 signatures). */
  public Gateway(
      RequestPath path, Authenticator authenticator, ModelCatalog catalog, Clock clock, AdminApi admin) {
    this(path, authenticator, catalog, clock, admin, Optional.empty(), Optional.empty(), Optional.empty(), List.of());
  }

  /** A gateway without budgets or rate limits to manage. */
  public Gateway(
      RequestPath path,
      Authenticator authenticator,
      ModelCatalog catalog,
      Clock clock,
      AdminApi admin,
      Optional<SigV4Verifier> sigV4) {
    this(path, authenticator, catalog, clock, admin, sigV4, Optional.empty(), Optional.empty(), List.of());
  }

  /** A gateway without a response cache to administer. */
  public Gateway(
      RequestPath path,
      Authenticator authenticator,
      ModelCatalog catalog,
      Clock clock,
      AdminApi admin,
      Optional<SigV4Verifier> sigV4,
      Optional<SpendControls> spendControls) {
    this(path, authenticator, catalog, clock, admin, sigV4, spendControls, Optional.empty(), List.of());
  }

  public Gateway {
    requireNonNull(path, "path");
    requireNonNull(authenticator, "authenticator");
    requireNonNull(catalog, "catalog");
    requireNonNull(clock, "clock");
    requireNonNull(admin, "admin");
    requireNonNull(sigV4, "sigV4");
    requireNonNull(spendControls, "spendControls");
    requireNonNull(responseCache, "responseCache");
    frontends = List.copyOf(frontends);
  }
}
