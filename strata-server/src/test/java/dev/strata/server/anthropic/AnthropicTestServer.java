package dev.strata.server.anthropic;

import dev.strata.core.auth.ApiKey;
import dev.strata.core.auth.IssuedKey;
import dev.strata.core.auth.KeyAuthenticator;
import dev.strata.core.auth.NewKey;
import dev.strata.core.catalog.ModelCatalog;
import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.catalog.PriceSource;
import dev.strata.core.ledger.CostQuery;
import dev.strata.core.ledger.CostRow;
import dev.strata.core.model.Usage;
import dev.strata.core.money.CostCalculator;
import dev.strata.core.money.Money;
import dev.strata.core.money.PriceBook;
import dev.strata.core.money.PriceBookLoader;
import dev.strata.core.money.Tier;
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
import dev.strata.core.testing.InMemoryKeyStore;
import dev.strata.core.testing.InMemoryLedger;
import dev.strata.server.Gateway;
import dev.strata.server.ServerOptions;
import dev.strata.server.StrataServer;
import dev.strata.server.admin.AdminApi;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The real server on a free port in front of the real request path, with in-memory stores, the
 * shipped price book and a scripted upstream serving {@code claude-sonnet-4}.
 */
final class AnthropicTestServer implements AutoCloseable {
  static final String MODEL = "claude-sonnet-4";
  static final String PRICE_ID = "claude-sonnet-4-20250514";
  static final long MAX_BODY_BYTES = 256 * 1024;

  final Vertx vertx = Vertx.vertx();
  final Clock clock = Clock.systemUTC();
  final ScriptedUpstream upstream = new ScriptedUpstream();
  final InMemoryLedger ledger = new InMemoryLedger();
  final InMemoryKeyStore keys = new InMemoryKeyStore(clock);
  final PriceBook priceBook = PriceBookLoader.shipped();
  final String apiKey;
  final StrataServer server;

  AnthropicTestServer() {
    KeyAuthenticator authenticator = new KeyAuthenticator(keys, clock, Duration.ofMinutes(5));
    ModelCatalog catalog =
        new ModelCatalog(
            List.of(
                new ModelEntry(
                    MODEL,
                    ScriptedUpstream.NAME,
                    PRICE_ID,
                    new PriceSource.Listed(PRICE_ID),
                    OptionalInt.empty(),
                    false)),
            Map.of());
    ProviderRegistry providers = new ProviderRegistry(List.of(upstream));
    RequestPath path =
        new RequestPath(
            List.of(
                new Authenticate(authenticator),
                new Validate(RequestLimits.DEFAULTS),
                new Settle(ledger, clock),
                new Meter(new CostMeter(priceBook, providers)),
                new Route(catalog),
                new Invoke(providers)));
    apiKey = keys.create(new NewKey("test", "acme", "chat", "web", Map.of())).secret();
    Gateway gateway = new Gateway(path, authenticator, catalog, clock, new NoAdmin());
    server =
        StrataServer.start(
            vertx,
            ServerOptions.of("127.0.0.1", 0, MAX_BODY_BYTES, Duration.ofSeconds(30)),
            gateway);
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.port();
  }

  /** The exact on-demand cost of {@code usage} at today's price of the served model. */
  Money cost(Usage usage) {
    return CostCalculator.cost(
            priceBook.priceOn(PRICE_ID, LocalDate.now(ZoneOffset.UTC)).orElseThrow(),
            usage,
            Tier.ON_DEMAND)
        .total();
  }

  @Override
  public void close() {
    server.close();
    vertx.close().await();
  }

  /** These tests never call the admin API. */
  private static final class NoAdmin implements AdminApi {
    @Override
    public boolean isAdminSecret(String secret) {
      return false;
    }

    @Override
    public IssuedKey createKey(NewKey request) {
      throw new UnsupportedOperationException("no admin API in these tests");
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
  }
}
