package dev.strata.server.metrics;

import static java.util.Objects.requireNonNull;

import dev.strata.core.ledger.Ledger;
import dev.strata.core.promptcache.PromptCacheStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Strata's metrics, rendered as Prometheus text by {@link MetricsEndpoint}. Request metrics come
 * from the ledger through {@link #metering(Ledger)}; budget and in-flight gauges are fed by whoever
 * knows those numbers. Thread-safe.
 */
public final class StrataMetrics implements AutoCloseable {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final RequestMeters requests;
  private final BudgetGauges budgets = new BudgetGauges(registry);
  private final Optional<JvmGcMetrics> gc;
  private Gauge inFlight;
  /** Held here because a function counter keeps only a weak reference to what it reads. */
  private LongSupplier bodyRefusals;

  public StrataMetrics(MetricsOptions options) {
    requireNonNull(options, "options");
    this.requests = new RequestMeters(registry, options.maxValuesPerLabel());
    if (options.jvmMetrics()) {
      new JvmMemoryMetrics().bindTo(registry);
      new JvmThreadMetrics().bindTo(registry);
      new ClassLoaderMetrics().bindTo(registry);
      new ProcessorMetrics().bindTo(registry);
      new UptimeMetrics().bindTo(registry);
      JvmGcMetrics gcMetrics = new JvmGcMetrics();
      gcMetrics.bindTo(registry);
      this.gc = Optional.of(gcMetrics);
    } else {
      this.gc = Optional.empty();
    }
  }

  /**
   * A ledger that forwards every record to {@code ledger} and then counts it. Give it to {@code
   * Settle}: each settled request is then counted exactly once, with its attribution.
   */
  public Ledger metering(Ledger ledger) {
    return new ObservedLedger(ledger, requests, "StrataMetrics");
  }

  /**
   * Publishes {@code strata_budget_utilisation_ratio{strata_budget="<name>"}}, read from {@code
   * fractionUsed} at each scrape (0 unused, 1 spent, above 1 overspent). Registering a name again
   * replaces its supplier.
   */
  public void registerBudgetUtilisation(String budgetName, DoubleSupplier fractionUsed) {
    budgets.register(budgetName, fractionUsed);
  }

  /** Stops publishing a budget's utilisation; false when it was not published. */
  public boolean removeBudgetUtilisation(String budgetName) {
    return budgets.remove(budgetName);
  }

  /**
   * Publishes {@code strata_requests_in_flight}, read from {@code inFlight} at each scrape.
   * Registering again replaces the supplier.
   */
  public synchronized void registerInFlightRequests(IntSupplier inFlight) {
    requireNonNull(inFlight, "inFlight");
    if (this.inFlight != null) {
      registry.remove(this.inFlight);
    }
    this.inFlight =
        Gauge.builder(SemanticNames.IN_FLIGHT, inFlight::getAsInt)
            .description("Requests being served right now")
            .strongReference(true)
            .register(registry);
  }

  /**
   * Publishes {@code strata_request_body_held_bytes} (request-body bytes in memory now) and {@code
   * strata_request_body_refused_total} (bodies refused because they were at their limit, {@code
   * server.maxBufferedBodyBytes}), read at each scrape. Call once.
   */
  public synchronized void registerRequestBodies(LongSupplier held, LongSupplier refusals) {
    requireNonNull(held, "held");
    this.bodyRefusals = requireNonNull(refusals, "refusals");
    Gauge.builder(SemanticNames.BODY_HELD, held::getAsLong)
        .description("Request-body bytes held in memory, being read or being handled")
        .baseUnit("bytes")
        .strongReference(true)
        .register(registry);
    FunctionCounter.builder(SemanticNames.BODY_REFUSED, bodyRefusals, LongSupplier::getAsLong)
        .description("Request bodies refused because the server held its limit of body bytes")
        .register(registry);
  }

  /**
   * Publishes what automatic prompt-cache placement did since start, read at each scrape:
   * {@code strata_prompt_cache_requests_placed_total}, {@code
   * strata_prompt_cache_points_placed_total}, {@code strata_prompt_cache_tokens_total{kind=read|
   * write|uncached}} (prompt tokens of the requests it placed cache points in, as providers
   * reported them) and {@code strata_prompt_cache_hit_ratio}. Call once.
   */
  public void registerPromptCachePlacement(PromptCacheStats stats) {
    requireNonNull(stats, "stats");
    FunctionCounter.builder(
            "strata_prompt_cache_requests_placed", stats, s -> s.counts().requestsPlaced())
        .description("Requests Strata placed at least one prompt-cache point in")
        .register(registry);
    FunctionCounter.builder(
            "strata_prompt_cache_points_placed", stats, s -> s.counts().cachePointsPlaced())
        .description("Prompt-cache points Strata placed")
        .register(registry);
    FunctionCounter.builder("strata_prompt_cache_tokens", stats, s -> s.counts().cacheReadTokens())
        .tag("kind", "read")
        .description("Prompt tokens of placed requests, by how the provider treated them")
        .register(registry);
    FunctionCounter.builder("strata_prompt_cache_tokens", stats, s -> s.counts().cacheWriteTokens())
        .tag("kind", "write")
        .description("Prompt tokens of placed requests, by how the provider treated them")
        .register(registry);
    FunctionCounter.builder(
            "strata_prompt_cache_tokens", stats, s -> s.counts().uncachedInputTokens())
        .tag("kind", "uncached")
        .description("Prompt tokens of placed requests, by how the provider treated them")
        .register(registry);
    Gauge.builder("strata_prompt_cache_hit_ratio", stats, s -> s.counts().hitRatio())
        .description("Share of placed requests' prompt tokens read from the provider's cache")
        .strongReference(true)
        .register(registry);
  }

  /** Everything, in the Prometheus text exposition format 0.0.4. */
  String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    gc.ifPresent(JvmGcMetrics::close);
    registry.close();
  }

  @Override
  public String toString() {
    return "StrataMetrics[" + registry.getMeters().size() + " meters]";
  }
}
