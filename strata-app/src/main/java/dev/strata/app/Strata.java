package dev.strata.app;

import static java.util.Objects.requireNonNull;

import dev.strata.app.config.StrataConfig;
import dev.strata.core.auth.KeyAuthenticator;
import dev.strata.core.budget.BudgetBook;
import dev.strata.core.budget.WebhookAlertSink;
import dev.strata.core.cache.CacheInvalidator;
import dev.strata.core.cache.LocalResponseCache;
import dev.strata.core.cache.ResponseCache;
import dev.strata.core.cache.SemanticIndex;
import dev.strata.core.catalog.ModelCatalog;
import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.ledger.Ledger;
import dev.strata.core.money.PriceBook;
import dev.strata.core.money.PriceBookLoader;
import dev.strata.core.path.Admit;
import dev.strata.core.path.Authenticate;
import dev.strata.core.path.CostMeter;
import dev.strata.core.path.Invoke;
import dev.strata.core.path.Meter;
import dev.strata.core.path.RequestLimits;
import dev.strata.core.path.RequestPath;
import dev.strata.core.path.ReserveBudget;
import dev.strata.core.path.RespondFromCache;
import dev.strata.core.path.Route;
import dev.strata.core.path.Step;
import dev.strata.core.path.Validate;
import dev.strata.core.path.WorstCaseCost;
import dev.strata.core.provider.Provider;
import dev.strata.core.provider.ProviderRegistry;
import dev.strata.core.ratelimit.RateLimiter;
import dev.strata.core.advice.AdviceOptions;
import dev.strata.core.advice.PriceIds;
import dev.strata.core.advice.TierAdvisor;
import dev.strata.core.promptcache.PlaceCachePoints;
import dev.strata.core.promptcache.PromptCacheSettings;
import dev.strata.core.provisioned.BreakEvenReports;
import dev.strata.core.provisioned.CapacityLanes;
import dev.strata.core.provisioned.HourlyAccrual;
import dev.strata.core.provisioned.ProvisionedArns;
import dev.strata.core.provisioned.ProvisionedModels;
import dev.strata.server.Frontend;
import dev.strata.server.Gateway;
import dev.strata.server.bedrock.BedrockCallerResolver;
import dev.strata.server.bedrock.provisioned.ProvisionedReportEndpoint;
import dev.strata.server.bedrock.provisioned.ProvisionedThroughputFrontend;
import dev.strata.server.ServerOptions;
import dev.strata.server.StrataServer;
import dev.strata.server.admin.SpendControls;
import dev.strata.server.admin.TierAdviceEndpoints;
import dev.strata.server.aws.SigV4Verifier;
import dev.strata.server.metrics.MetricsEndpoint;
import dev.strata.server.metrics.MetricsOptions;
import dev.strata.server.metrics.OtlpTracing;
import dev.strata.server.metrics.StrataMetrics;
import dev.strata.server.metrics.TracingOptions;
import dev.strata.store.Database;
import dev.strata.store.LedgerOptions;
import dev.strata.store.LedgerRetention;
import dev.strata.store.RedisResponseCache;
import dev.strata.store.SecretBox;
import dev.strata.store.Settings;
import dev.strata.store.SqlAwsCredentialStore;
import dev.strata.store.SqlBucketOwners;
import dev.strata.store.SqlBudgetStore;
import dev.strata.store.SqlKeyStore;
import dev.strata.store.SqlLedger;
import dev.strata.store.SqlLedgerReader;
import dev.strata.store.SqlProvisionedStore;
import dev.strata.store.SqlProvisionedUsage;
import dev.strata.store.SqlRateLimitStore;
import dev.strata.store.SqlTierUsage;
import dev.strata.store.semantic.LuceneSemanticIndex;
import dev.strata.store.semantic.MiniLmEmbedder;
import dev.strata.store.semantic.SemanticIndexOptions;
import dev.strata.store.semantic.Verifier;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The assembly: builds Strata's object graph from configuration, by hand, and takes it down in the
 * reverse order — the server first (draining requests in flight), then the ledger (draining
 * records), then providers and the store, so a graceful stop loses no usage record.
 */
public final class Strata implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Strata.class.getName());
  private static final int ALERT_ATTEMPTS = 6;
  private static final Duration ALERT_FIRST_BACKOFF = Duration.ofSeconds(2);
  /** How often the semantic index checks whether it is idle enough to merge its segments. */
  private static final Duration SEMANTIC_COMPACTION_CHECK = Duration.ofSeconds(5);

  private final Database database;
  private final Vertx vertx;
  private final ProviderRegistry providers;
  private final SqlLedger ledger;
  private final StrataServer server;
  private final ModelCatalog catalog;
  private final AdminKey adminKey;
  private final SpendControls spending;
  /** Closed after the ledger has drained: what settling records may still use. */
  private final List<AutoCloseable> afterLedger;
  private boolean closed;

  private Strata(
      Database database,
      Vertx vertx,
      ProviderRegistry providers,
      SqlLedger ledger,
      StrataServer server,
      ModelCatalog catalog,
      AdminKey adminKey,
      SpendControls spending,
      List<AutoCloseable> afterLedger) {
    this.database = database;
    this.vertx = vertx;
    this.providers = providers;
    this.ledger = ledger;
    this.server = server;
    this.catalog = catalog;
    this.adminKey = adminKey;
    this.spending = spending;
    this.afterLedger = List.copyOf(afterLedger);
  }

  /** Starts everything the configuration asks for; messages for the operator go to {@code out}. */
  public static Strata start(StrataConfig config, Clock clock, PrintStream out) {
    requireNonNull(config, "config");
    createHome(config);
    Database database = Database.open(config.storeUrl());
    // One event loop per core: more only adds context switches on small machines.
    Vertx vertx =
        Vertx.vertx(
            new VertxOptions().setEventLoopPoolSize(Runtime.getRuntime().availableProcessors()));
    List<AutoCloseable> opened = new ArrayList<>(List.of(database));
    try {
      AdminKey adminKey = AdminKey.ensure(new Settings(database), config.adminKey());
      PriceBook prices =
          config.priceOverrides().map(PriceBookLoader::shippedWithOverrides).orElseGet(PriceBookLoader::shipped);
      List<Provider> upstreams = new ArrayList<>(RemoteProviders.create(vertx, config));
      Optional<Provider> local = LocalEngine.start(config, out);
      local.ifPresent(upstreams::add);
      ProviderRegistry providers = new ProviderRegistry(upstreams);
      opened.add(providers);
      Optional<ModelEntry> localModel = local.map(p -> CatalogFactory.localEntry(config.local()));
      ModelCatalog configured =
          CatalogFactory.build(config, prices, localModel, LocalDate.now(clock.withZone(ZoneOffset.UTC)));
      SqlProvisionedStore provisionedStore = new SqlProvisionedStore(database);
      ProvisionedModels provisioned =
          new ProvisionedModels(
              provisionedStore, configured, prices, ProvisionedArns.DEFAULT, Duration.ZERO, clock);
      ModelCatalog catalog = configured.withDynamicModels(provisioned);
      CapacityLanes lanes = new CapacityLanes(provisioned, System::nanoTime);

      SqlLedger ledger =
          new SqlLedger(
              database,
              new LedgerOptions(
                  config.ledger().queueCapacity(),
                  config.ledger().batchSize(),
                  config.ledger().flushInterval()));
      opened.add(ledger);
      StrataMetrics metrics =
          new StrataMetrics(
              new MetricsOptions(config.metrics().maxValuesPerLabel(), config.metrics().jvm()));
      opened.add(metrics);
      Optional<OtlpTracing> tracing = config.tracing().map(Strata::startTracing);
      tracing.ifPresent(opened::add);
      Ledger settled = metrics.metering(tracing.map(t -> t.tracing(ledger)).orElse(ledger));
      SqlKeyStore keys = new SqlKeyStore(database, clock);
      KeyAuthenticator authenticator = new KeyAuthenticator(keys, clock, config.keyCacheTtl());
      SigV4Verifier sigV4 =
          new SigV4Verifier(
              new SqlAwsCredentialStore(
                  database, keys, SecretBox.fromKeyFile(config.secretsKeyFile()), clock),
              clock);
      WebhookAlertSink alerts =
          new WebhookAlertSink(
              config.budgets().alertWebhooks(), clock, ALERT_ATTEMPTS, ALERT_FIRST_BACKOFF);
      opened.add(alerts);
      SpendControls spending =
          new SpendControls(
              new BudgetBook(
                  new SqlBudgetStore(database, clock), config.budgets().timeZone(), clock, alerts),
              new RateLimiter(new SqlRateLimitStore(database, clock), System::nanoTime));
      BudgetGauges.bind(spending.budgets(), metrics);
      Optional<ResponseCache> responseCache = responseCache(config, clock);
      responseCache.ifPresent(opened::add);
      Optional<MiniLmEmbedder> embedder =
          responseCache.isPresent() && config.semanticCache().enabled()
              ? Optional.of(MiniLmEmbedder.load(config.home().resolve("djl")))
              : Optional.empty();
      embedder.ifPresent(opened::add);
      Optional<SemanticIndex> semanticIndex =
          embedder.map(e -> semanticIndex(e, config, clock));
      semanticIndex.ifPresent(opened::add);
      Optional<PlaceCachePoints> promptCache =
          config.promptCache()
              ? Optional.of(new PlaceCachePoints(prices, clock, PromptCacheSettings.DEFAULTS))
              : Optional.empty();
      promptCache.ifPresent(metrics::registerPromptCachePlacement);
      CostMeter costMeter = new CostMeter(prices, providers);
      RequestSteps requestSteps =
          new RequestSteps(
              new Authenticate(authenticator),
              new Validate(RequestLimits.DEFAULTS),
              new ReserveBudget(
                  spending.budgets(),
                  catalog,
                  new WorstCaseCost(prices, config.budgets().localWorstCase())),
              new Admit(spending.rateLimits(), catalog, lanes),
              new Meter(costMeter),
              new Route(catalog),
              promptCache.map(Step.class::cast),
              new Invoke(providers),
              clock);
      RequestPath path =
          new RequestPath(
              requestSteps.settlingTo(
                  settled,
                  responseCache.map(
                      cache ->
                          new RespondFromCache(
                              cache, semanticIndex, catalog, config.responseCache().ttl(), clock))));
      BatchTier batches =
          BatchTier.start(
              config,
              database,
              catalog,
              providers,
              costMeter,
              capture -> requestSteps.settlingTo(capture, Optional.empty()),
              clock);
      opened.add(batches);
      LocalAdmin admin =
          new LocalAdmin(adminKey, keys, authenticator, new SqlLedgerReader(database), prices);
      StrataServer server =
          StrataServer.start(
              vertx,
              new ServerOptions(
                  config.server().host(),
                  config.server().port(),
                  config.server().maxBodyBytes(),
                  config.server().maxBufferedBodyBytes(),
                  config.server().idleTimeout(),
                  config.server().virtualThreadScheduler()),
              new Gateway(
                  path,
                  authenticator,
                  catalog,
                  clock,
                  admin,
                  Optional.of(sigV4),
                  Optional.of(spending),
                  responseCache.map(cache -> new CacheInvalidator(cache, semanticIndex)),
                  frontends(
                      batches.frontends(
                          config,
                          authenticator,
                          catalog,
                          sigV4,
                          new SqlBucketOwners(database, clock),
                          clock),
                      new ProvisionedThroughputFrontend(
                          provisioned, authenticator, BedrockCallerResolver.sigV4(sigV4)),
                      new ProvisionedReportEndpoint(
                          admin,
                          new BreakEvenReports(
                              provisionedStore, new SqlProvisionedUsage(database), prices),
                          clock),
                      new TierAdviceEndpoints(
                          admin,
                          new TierAdvisor(
                              new SqlTierUsage(database),
                              prices,
                              PriceIds.of(catalog, prices),
                              AdviceOptions.DEFAULTS),
                          clock))),
              config.metrics().enabled()
                  ? Optional.of(new MetricsEndpoint(metrics, config.metrics().bearerToken()))
                  : Optional.empty());
      metrics.registerInFlightRequests(server::inFlight);
      metrics.registerRequestBodies(server::bodyBytesHeld, server::bodyRefusals);
      LOG.log(System.Logger.Level.DEBUG, () -> path.toString());
      ProvisionedAccrualSchedule accrual =
          ProvisionedAccrualSchedule.start(
              new HourlyAccrual(provisionedStore, configured, prices, settled, clock));
      opened.add(accrual);
      LedgerPruning pruning =
          LedgerPruning.start(new LedgerRetention(database, config.ledger().retentionDays()), clock);
      opened.add(pruning);
      // The batch worker stops before providers and the store: records in flight finish and are
      // stored with their own usage rows (not through the ledger queue), and every lease it holds
      // is given back for other instances.
      List<AutoCloseable> afterLedger = new ArrayList<>(List.of(batches, pruning, alerts));
      afterLedger.add(0, accrual);
      responseCache.ifPresent(afterLedger::add);
      semanticIndex.ifPresent(afterLedger::add);
      embedder.ifPresent(afterLedger::add);
      tracing.ifPresent(afterLedger::add);
      afterLedger.add(metrics);
      return new Strata(
          database, vertx, providers, ledger, server, catalog, adminKey, spending, afterLedger);
    } catch (RuntimeException e) {
      for (int i = opened.size() - 1; i >= 0; i--) {
        closeQuietly(opened.get(i));
      }
      vertx.close();
      throw e;
    }
  }

  private static List<Frontend> frontends(List<Frontend> batch, Frontend... more) {
    List<Frontend> all = new ArrayList<>(batch);
    all.addAll(List.of(more));
    return all;
  }

  /**
   * The response cache, unless switched off: in Redis when one is configured (shared by every
   * instance), else in this process.
   */
  private static Optional<ResponseCache> responseCache(StrataConfig config, Clock clock) {
    StrataConfig.ResponseCacheSettings settings = config.responseCache();
    if (!settings.enabled()) {
      return Optional.empty();
    }
    return Optional.of(
        config
            .redis()
            .<ResponseCache>map(
                redis ->
                    RedisResponseCache.connect(
                        redis.url().toString(),
                        redis.keyPrefix(),
                        redis.timeout(),
                        redis.maxEntryBytes()))
            .orElseGet(
                () -> {
                  CacheHeapCheck.warning(settings.maxBytes(), Runtime.getRuntime().maxMemory())
                      .ifPresent(warning -> LOG.log(System.Logger.Level.WARNING, warning));
                  return new LocalResponseCache(clock, settings.maxEntries(), settings.maxBytes());
                }));
  }

  /**
   * The semantic index: all-MiniLM embeddings in process, searched in a Lucene index kept in
   * memory-mapped files under the data folder (off the heap; rebuilt empty on each start) and
   * merged into one segment whenever it has been idle for a while.
   */
  private static SemanticIndex semanticIndex(MiniLmEmbedder embedder, StrataConfig config, Clock clock) {
    StrataConfig.SemanticCacheSettings settings = config.semanticCache();
    LuceneSemanticIndex index =
        new LuceneSemanticIndex(
            embedder,
            new Verifier(),
            new SemanticIndexOptions(
                settings.threshold(), settings.maxEntries(), settings.maxPromptChars()),
            clock,
            config.home().resolve("semantic-index"));
    index.startIdleCompaction(SEMANTIC_COMPACTION_CHECK);
    return index;
  }

  private static OtlpTracing startTracing(StrataConfig.Tracing tracing) {
    return OtlpTracing.start(
        new TracingOptions(
            tracing.endpoint(),
            tracing.serviceName(),
            tracing.headers(),
            tracing.exportTimeout(),
            tracing.maxQueueSize()));
  }

  private static void createHome(StrataConfig config) {
    try {
      Files.createDirectories(config.home());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data folder " + config.home(), e);
    }
  }

  public int port() {
    return server.port();
  }

  public ModelCatalog catalog() {
    return catalog;
  }

  public AdminKey adminKey() {
    return adminKey;
  }

  /** The budgets and rate limits being enforced. */
  public SpendControls spending() {
    return spending;
  }

  /** The ledger, for operational counters. */
  public SqlLedger ledger() {
    return ledger;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeQuietly(server);
    closeQuietly(ledger);
    afterLedger.forEach(Strata::closeQuietly);
    closeQuietly(providers);
    vertx.close().toCompletionStage().toCompletableFuture().join();
    closeQuietly(database);
  }

  private static void closeQuietly(AutoCloseable resource) {
    try {
      resource.close();
    } catch (Exception e) {
      LOG.log(System.Logger.Level.WARNING, "closing " + resource + " failed", e);
    }
  }

  @Override
  public String toString() {
    return "Strata[port " + server.port() + ", " + catalog + "]";
  }
}
