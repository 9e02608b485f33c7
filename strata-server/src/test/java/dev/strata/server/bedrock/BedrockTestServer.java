package dev.strata.server.bedrock;

import dev.strata.core.auth.ApiKey;
import dev.strata.core.auth.IssuedKey;
import dev.strata.core.auth.KeyAuthenticator;
import dev.strata.core.auth.NewKey;
import dev.strata.core.catalog.ModelCatalog;
import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.catalog.PriceSource;
import dev.strata.core.ledger.CostQuery;
import dev.strata.core.ledger.CostRow;
import dev.strata.core.money.PriceBookLoader;
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
import dev.strata.core.testing.FakeProvider;
import dev.strata.core.testing.InMemoryKeyStore;
import dev.strata.core.testing.InMemoryLedger;
import dev.strata.server.Gateway;
import dev.strata.server.ServerOptions;
import dev.strata.server.StrataServer;
import dev.strata.server.admin.AdminApi;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The real server on a free port in front of the real request path (authenticate, validate, settle,
 * meter, route, invoke) with in-memory stores, the shipped price book and a scripted provider
 * serving one Claude model on Bedrock.
 */
final class BedrockTestServer implements AutoCloseable {
  static final String MODEL = "anthropic.claude-3-5-haiku-20241022-v1:0";

  final Vertx vertx = Vertx.vertx();
  final Clock clock = Clock.systemUTC();
  final FakeProvider provider = new FakeProvider("fake");
  final InMemoryLedger ledger = new InMemoryLedger();
  final InMemoryKeyStore keys = new InMemoryKeyStore(clock);
  final KeyAuthenticator authenticator = new KeyAuthenticator(keys, clock, Duration.ofMinutes(5));
  final ModelCatalog catalog =
      new ModelCatalog(
          List.of(
              new ModelEntry(
                  MODEL, "fake", MODEL, new PriceSource.Listed(MODEL), OptionalInt.empty(), false)),
          Map.of());
  final RequestPath path;
  final String apiKey;
  final StrataServer server;

  BedrockTestServer() {
    ProviderRegistry providers = new ProviderRegistry(List.of(provider));
    path =
        new RequestPath(
            List.of(
                new Authenticate(authenticator),
                new Validate(RequestLimits.DEFAULTS),
                new Settle(ledger, clock),
                new Meter(new CostMeter(PriceBookLoader.shipped(), providers)),
                new Route(catalog),
                new Invoke(providers)));
    apiKey = keys.create(new NewKey("test", "acme", "search", "web", Map.of())).secret();
    server =
        StrataServer.start(
            vertx,
            ServerOptions.of("127.0.0.1", 0, 1024 * 1024, Duration.ofSeconds(30)),
            new Gateway(path, authenticator, catalog, clock, unusedAdmin()));
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.port());
  }

  /** The admin port is not under test here: it is never called. */
  private static AdminApi unusedAdmin() {
    return new AdminApi() {
      @Override
      public boolean isAdminSecret(String secret) {
        return false;
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
