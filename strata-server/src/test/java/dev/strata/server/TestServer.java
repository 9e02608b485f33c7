package dev.strata.server;

import dev.strata.core.auth.KeyAuthenticator;
import dev.strata.core.cache.CacheInvalidator;
import dev.strata.core.cache.LocalResponseCache;
import dev.strata.core.auth.KeySecrets;
import dev.strata.core.auth.NewKey;
import dev.strata.core.catalog.ModelCatalog;
import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.catalog.PriceSource;
import dev.strata.core.model.Usage;
import dev.strata.core.money.CostCalculator;
import dev.strata.core.money.ModelPrice;
import dev.strata.core.money.Money;
import dev.strata.core.money.PriceBook;
import dev.strata.core.money.PriceBookLoader;
import dev.strata.core.money.Tier;
import dev.strata.core.money.TokenPrice;
import dev.strata.core.path.Authenticate;
import dev.strata.core.path.CostMeter;
import dev.strata.core.path.Invoke;
import dev.strata.core.path.Meter;
import dev.strata.core.path.RequestLimits;
import dev.strata.core.path.RequestPath;
import dev.strata.core.path.RespondFromCache;
import dev.strata.core.path.Route;
import dev.strata.core.path.Settle;
import dev.strata.core.path.Step;
import dev.strata.core.path.Validate;
import dev.strata.core.provider.ProviderRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The real server on a free port in front of the real request path — authenticate, validate,
 * settle, meter, route, invoke — with in-memory stores, the shipped price book and a scripted
 * provider.
 */
final class TestServer implements AutoCloseable {
  static final long MAX_BODY_BYTES = 1024 * 1024;

  final Vertx vertx = Vertx.vertx();
  final Clock clock = Clock.systemUTC();
  final FakeProvider provider = new FakeProvider();
  final InMemoryLedger ledger = new InMemoryLedger();
  final InMemoryKeyStore keys = new InMemoryKeyStore(clock);
  final KeyAuthenticator authenticator = new KeyAuthenticator(keys, clock, Duration.ofMinutes(5));
  final String adminSecret = KeySecrets.newAdminSecret();
  final PriceBook priceBook =
      PriceBookLoader.shipped()
          .overriddenBy(
              "test",
              List.of(
                  ModelPrice.flat(
                      "text-embedding-3-small",
                      "openai",
                      "test",
                      TokenPrice.perMillion("0.02"),
                      TokenPrice.FREE)));
  final LocalResponseCache responseCache = new LocalResponseCache(clock, 10_000, 16L << 20);
  final String apiKey;
  final StrataServer server;

  TestServer() {
    this(MAX_BODY_BYTES);
  }

  TestServer(long maxBodyBytes) {
    this(maxBodyBytes, 3 * maxBodyBytes, false, VirtualThreadScheduler.EVENT_LOOP);
  }

  /** A server that holds at most {@code maxBufferedBodyBytes} of request bodies at once. */
  static TestServer withBodyBudget(long maxBodyBytes, long maxBufferedBodyBytes) {
    return new TestServer(
        maxBodyBytes, maxBufferedBodyBytes, false, VirtualThreadScheduler.EVENT_LOOP);
  }

  /** A server whose path answers from {@link #responseCache} (five-minute entries) after admission. */
  static TestServer withResponseCache() {
    return new TestServer(
        MAX_BODY_BYTES, 3 * MAX_BODY_BYTES, true, VirtualThreadScheduler.EVENT_LOOP);
  }

  /** A server whose model calls' virtual threads are carried by {@code scheduler}. */
  static TestServer withScheduler(VirtualThreadScheduler scheduler) {
    return new TestServer(MAX_BODY_BYTES, 3 * MAX_BODY_BYTES, false, scheduler);
  }

  private TestServer(
      long maxBodyBytes,
      long maxBufferedBodyBytes,
      boolean cached,
      VirtualThreadScheduler scheduler) {
    ModelCatalog catalog =
        new ModelCatalog(
            List.of(
                chatModel("gpt-4o", "gpt-4o-2024-08-06"),
                chatModel("gpt-4o-mini", "gpt-4o-mini"),
                new ModelEntry(
                    "text-embedding-3-small",
                    FakeProvider.NAME,
                    "text-embedding-3-small",
                    new PriceSource.Listed("text-embedding-3-small"),
                    OptionalInt.empty(),
                    true)),
            Map.of("fast", List.of("gpt-4o-mini", "gpt-4o")));
    ProviderRegistry providers = new ProviderRegistry(List.of(provider));
    List<Step> steps = new ArrayList<>();
    steps.add(new Authenticate(authenticator));
    steps.add(new Validate(RequestLimits.DEFAULTS));
    steps.add(new Settle(ledger, clock));
    if (cached) {
      steps.add(new RespondFromCache(responseCache, Optional.empty(), catalog, Duration.ofMinutes(5), clock));
    }
    steps.add(new Meter(new CostMeter(priceBook, providers)));
    steps.add(new Route(catalog));
    steps.add(new Invoke(providers));
    RequestPath path = new RequestPath(steps);
    apiKey = keys.create(new NewKey("test", "acme", "search", "web", Map.of())).secret();
    Gateway gateway =
        new Gateway(
            path,
            authenticator,
            catalog,
            clock,
            new TestAdminApi(adminSecret, keys, authenticator, ledger),
            Optional.empty(),
            Optional.empty(),
            cached ? Optional.of(new CacheInvalidator(responseCache, Optional.empty())) : Optional.empty(),
            java.util.List.of());
    server =
        StrataServer.start(
            vertx,
            new ServerOptions(
                "127.0.0.1",
                0,
                maxBodyBytes,
                maxBufferedBodyBytes,
                Duration.ofSeconds(30),
                scheduler),
            gateway);
  }

  private static ModelEntry chatModel(String name, String upstream) {
    return new ModelEntry(
        name,
        FakeProvider.NAME,
        upstream,
        new PriceSource.Listed(name),
        OptionalInt.empty(),
        false);
  }

  int port() {
    return server.port();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  /** The exact on-demand cost of {@code usage} at today's price of {@code priceId}. */
  Money cost(String priceId, Usage usage) {
    return CostCalculator.cost(
            priceBook.priceOn(priceId, LocalDate.now(ZoneOffset.UTC)).orElseThrow(),
            usage,
            Tier.ON_DEMAND)
        .total();
  }

  @Override
  public void close() {
    server.close();
    vertx.close().await();
  }
}
