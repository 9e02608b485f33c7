package dev.strata.server.bedrock.provisioned;

import dev.strata.core.auth.ApiKey;
import dev.strata.core.auth.AwsCredential;
import dev.strata.core.auth.AwsCredentialStore;
import dev.strata.core.auth.IssuedKey;
import dev.strata.core.auth.KeyAuthenticator;
import dev.strata.core.auth.NewKey;
import dev.strata.core.catalog.ModelCatalog;
import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.catalog.PriceSource;
import dev.strata.core.ledger.CostQuery;
import dev.strata.core.ledger.CostRow;
import dev.strata.core.money.PriceBook;
import dev.strata.core.money.PriceBookLoader;
import dev.strata.core.path.Admit;
import dev.strata.core.path.Authenticate;
import dev.strata.core.path.CostMeter;
import dev.strata.core.path.Invoke;
import dev.strata.core.path.Meter;
import dev.strata.core.path.RequestLimits;
import dev.strata.core.path.RequestPath;
import dev.strata.core.path.Route;
import dev.strata.core.path.Settle;
import dev.strata.core.path.Validate;
import dev.strata.core.provider.ProviderRegistry;
import dev.strata.core.provisioned.BreakEvenReports;
import dev.strata.core.provisioned.CapacityLanes;
import dev.strata.core.provisioned.HourlyAccrual;
import dev.strata.core.provisioned.ProvisionedArns;
import dev.strata.core.provisioned.ProvisionedModels;
import dev.strata.core.provisioned.ProvisionedUsage;
import dev.strata.core.ratelimit.RateLimit;
import dev.strata.core.ratelimit.RateLimitScope;
import dev.strata.core.ratelimit.RateLimiter;
import dev.strata.core.testing.FakeProvider;
import dev.strata.core.testing.InMemoryKeyStore;
import dev.strata.core.testing.InMemoryLedger;
import dev.strata.core.testing.InMemoryProvisionedStore;
import dev.strata.core.testing.InMemoryRateLimitStore;
import dev.strata.core.testing.ManualClock;
import dev.strata.server.Gateway;
import dev.strata.server.ServerOptions;
import dev.strata.server.StrataServer;
import dev.strata.server.admin.AdminApi;
import dev.strata.server.aws.SigV4Verifier;
import dev.strata.server.bedrock.BedrockCallerResolver;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The real server on a free port with the provisioned-throughput control plane and report mounted
 * beside the Bedrock runtime, over the real request path (authenticate, validate, settle, admit
 * with capacity lanes, meter, route, invoke), in-memory stores, the shipped price book and a
 * scripted provider serving Claude 3.5 Haiku. Calls are timed by the system clock (SigV4 needs it);
 * the registry and the hourly accrual by a manual clock.
 */
final class ProvisionedTestServer implements AutoCloseable {
  static final String BASE = "anthropic.claude-3-5-haiku-20241022-v1:0";
  static final String UPSTREAM = "claude-haiku-upstream";
  static final String ADMIN_SECRET = "sk-strata-admin-test";

  /** On-demand requests by any key: 3,000 tokens a minute. */
  static final long ON_DEMAND_TPM = 3_000;

  final Vertx vertx = Vertx.vertx();
  final Clock clock = Clock.systemUTC();
  final ManualClock registryClock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.HOURS));
  final AtomicLong laneNanos = new AtomicLong();
  final FakeProvider provider = new FakeProvider("fake");
  final InMemoryLedger ledger = new InMemoryLedger();
  final InMemoryKeyStore keys = new InMemoryKeyStore(clock);
  final KeyAuthenticator authenticator = new KeyAuthenticator(keys, clock, Duration.ofMinutes(5));
  final PriceBook prices = PriceBookLoader.shipped();
  final ModelCatalog base =
      new ModelCatalog(
          List.of(
              new ModelEntry(
                  BASE,
                  "fake",
                  UPSTREAM,
                  new PriceSource.Listed(BASE),
                  OptionalInt.of(4096),
                  false)),
          Map.of());
  final InMemoryProvisionedStore store = new InMemoryProvisionedStore();
  final ProvisionedModels registry =
      new ProvisionedModels(
          store,
          base,
          prices,
          new ProvisionedArns("us-west-2", "123456789012"),
          Duration.ZERO,
          registryClock);
  final ModelCatalog catalog = base.withDynamicModels(registry);
  final HourlyAccrual accrual = new HourlyAccrual(store, base, prices, ledger, registryClock);
  final IssuedKey alice = keys.create(new NewKey("alice", "acme", "search", "web", Map.of()));
  final IssuedKey mallory = keys.create(new NewKey("mallory", "globex", "", "", Map.of()));
  final AwsCredential aliceAws =
      new AwsCredential("AKIASTRATATEST000001", "alice-secret-access-key", alice.key());
  final StrataServer server;

  ProvisionedTestServer() {
    ProviderRegistry providers = new ProviderRegistry(List.of(provider));
    RateLimiter limiter =
        new RateLimiter(
            new InMemoryRateLimitStore(
                new RateLimit(
                    "on-demand",
                    RateLimitScope.parse("key:*"),
                    OptionalLong.empty(),
                    OptionalLong.of(ON_DEMAND_TPM))),
            laneNanos::get);
    RequestPath path =
        new RequestPath(
            List.of(
                new Authenticate(authenticator),
                new Validate(RequestLimits.DEFAULTS),
                new Settle(ledger, clock),
                new Admit(limiter, catalog, new CapacityLanes(registry, laneNanos::get)),
                new Meter(new CostMeter(prices, providers)),
                new Route(catalog),
                new Invoke(providers)));
    SigV4Verifier sigV4 = new SigV4Verifier(credentials(), clock);
    server =
        StrataServer.start(
            vertx,
            ServerOptions.of("127.0.0.1", 0, 1024 * 1024, Duration.ofSeconds(30)),
            new Gateway(
                path,
                authenticator,
                catalog,
                clock,
                admin(),
                Optional.of(sigV4),
                Optional.empty(),
                Optional.empty(),
                List.of(
                    new ProvisionedThroughputFrontend(
                        registry, authenticator, BedrockCallerResolver.sigV4(sigV4)),
                    new ProvisionedReportEndpoint(
                        admin(),
                        new BreakEvenReports(store, ProvisionedUsage.of(ledger::records), prices),
                        registryClock))));
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.port());
  }

  private AwsCredentialStore credentials() {
    return new AwsCredentialStore() {
      @Override
      public AwsCredential issue(String keyId) {
        throw new UnsupportedOperationException("not used");
      }

      @Override
      public Optional<AwsCredential> findByAccessKeyId(String accessKeyId) {
        return accessKeyId.equals(aliceAws.accessKeyId())
            ? Optional.of(aliceAws)
            : Optional.empty();
      }
    };
  }

  /** Knows the admin secret; nothing else of the admin port is used. */
  private static AdminApi admin() {
    return new AdminApi() {
      @Override
      public boolean isAdminSecret(String secret) {
        return ADMIN_SECRET.equals(secret);
      }

      @Override
      public IssuedKey createKey(NewKey request) {
        throw new UnsupportedOperationException("not used");
      }

      @Override
      public List<ApiKey> listKeys() {
        return List.of();
      }

      @Override
      public boolean revokeKey(String id) {
        return false;
      }

      @Override
      public List<CostRow> costs(CostQuery query) {
        return List.of();
      }
    };
  }

  @Override
  public void close() {
    server.close();
    vertx.close().await();
  }
}
