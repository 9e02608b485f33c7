package dev.strata.bench;

import static java.util.Objects.requireNonNull;

import dev.strata.bench.mock.anthropic.MockAnthropicUpstream;
import dev.strata.core.auth.Principal;
import dev.strata.core.catalog.ModelCatalog;
import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.catalog.PriceSource;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.Message;
import dev.strata.core.model.StopReason;
import dev.strata.core.model.Usage;
import dev.strata.core.money.ModelPrice;
import dev.strata.core.money.Money;
import dev.strata.core.money.PriceBook;
import dev.strata.core.money.PriceBookLoader;
import dev.strata.core.path.Answer;
import dev.strata.core.path.Exchange;
import dev.strata.core.path.Operation;
import dev.strata.core.path.RequestPath;
import dev.strata.core.path.Route;
import dev.strata.core.promptcache.PlaceCachePoints;
import dev.strata.core.promptcache.PromptCacheSettings;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.UnaryOperator;

/**
 * Issue 5's agentic prompt-caching benchmark, in process: the workload's requests go through
 * {@code Route → PlaceCachePoints} (or a fixed placement, or none) to the mock Anthropic upstream
 * playing Anthropic's prompt cache on simulated time, and the input cost is priced exactly from
 * the usage it reports at Claude Sonnet 4's list prices.
 */
public final class PromptCachePlacementBenchmark {
  static final String UPSTREAM_MODEL = "claude-sonnet-4-20250514";
  private static final ModelEntry SONNET =
      new ModelEntry(
          "sonnet",
          "anthropic",
          UPSTREAM_MODEL,
          new PriceSource.Listed(UPSTREAM_MODEL),
          OptionalInt.empty(),
          false);
  private static final Principal CALLER = new Principal("bench-key", "bench", "", "", Map.of());

  private final PromptCacheBenchOptions options;
  private final PriceBook prices = PriceBookLoader.shipped();

  PromptCachePlacementBenchmark(PromptCacheBenchOptions options) {
    this.options = requireNonNull(options, "options");
  }

  public static void main(String[] args) {
    PromptCacheBenchOptions options;
    try {
      options = PromptCacheBenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("prompt-cache benchmark: " + e.getMessage());
      System.exit(2);
      return;
    }
    System.out.print(new PromptCachePlacementBenchmark(options).run().text());
  }

  PromptCacheBenchReport run() {
    PromptCacheWorkload workload = new PromptCacheWorkload(options);
    try (MockAnthropicUpstream mock = MockAnthropicUpstream.start()) {
      PromptCacheWire wire = new PromptCacheWire(mock.baseUrl(), UPSTREAM_MODEL);
      PromptCacheBenchReport.Run none =
          runFixed(mock, wire, workload, "no caching", UnaryOperator.identity());
      PromptCacheClock clock = new PromptCacheClock(PromptCacheWorkload.START);
      PlaceCachePoints placement =
          new PlaceCachePoints(prices, clock, PromptCacheSettings.DEFAULTS);
      PromptCacheBenchReport.Run automatic = runAutomatic(mock, wire, workload, clock, placement);
      List<PromptCacheBenchReport.Run> statics = new ArrayList<>();
      for (PromptCacheStaticPlacement fixed : PromptCacheStaticPlacement.all()) {
        statics.add(runFixed(mock, wire, workload, "static " + fixed.label(), fixed::apply));
      }
      return new PromptCacheBenchReport(options, none, automatic, statics, placement.counts());
    }
  }

  private PromptCacheBenchReport.Run runFixed(
      MockAnthropicUpstream mock,
      PromptCacheWire wire,
      PromptCacheWorkload workload,
      String name,
      UnaryOperator<ChatRequest> placement) {
    PromptCacheClock clock = new PromptCacheClock(PromptCacheWorkload.START);
    mock.reset();
    mock.withPromptCaching(clock);
    Usage total = Usage.ZERO;
    for (PromptCacheWorkload.Call call : workload.schedule()) {
      clock.set(call.at());
      total = plus(total, wire.send(placement.apply(workload.request(call.session(), call.turn()))));
    }
    return new PromptCacheBenchReport.Run(name, total, inputCost(total));
  }

  private PromptCacheBenchReport.Run runAutomatic(
      MockAnthropicUpstream mock,
      PromptCacheWire wire,
      PromptCacheWorkload workload,
      PromptCacheClock clock,
      PlaceCachePoints placement) {
    mock.reset();
    mock.withPromptCaching(clock);
    Usage[] total = {Usage.ZERO};
    RequestPath path =
        new RequestPath(
            List.of(
                new Route(new ModelCatalog(List.of(SONNET), Map.of())),
                placement,
                (exchange, next) -> {
                  Usage usage = wire.send(((Operation.Chat) exchange.operation()).request());
                  total[0] = plus(total[0], usage);
                  return new Answer.Chat(
                      new ChatResponse(
                          Message.assistant(""), StopReason.END_TURN, Optional.of(usage)));
                }));
    int id = 0;
    for (PromptCacheWorkload.Call call : workload.schedule()) {
      clock.set(call.at());
      ChatRequest request = workload.request(call.session(), call.turn());
      path.run(
          Exchange.preAuthenticated(
              "bench-" + id++,
              call.at(),
              System.nanoTime(),
              "anthropic",
              CALLER,
              new Operation.Chat(request, Optional.empty())));
    }
    return new PromptCacheBenchReport.Run("automatic", total[0], inputCost(total[0]));
  }

  /** Input cost at Sonnet's list prices: uncached input, cache reads and both kinds of writes. */
  Money inputCost(Usage usage) {
    ModelPrice price =
        prices
            .priceOn(UPSTREAM_MODEL, LocalDate.of(2026, 1, 1))
            .orElseThrow(() -> new IllegalStateException("no price for " + UPSTREAM_MODEL));
    return price
        .input()
        .times(usage.inputTokens())
        .plus(price.cacheReadPrice().times(usage.cacheReadInputTokens()))
        .plus(price.cacheWrite5mPrice().times(usage.cacheWrite5mInputTokens()))
        .plus(price.cacheWrite1hPrice().times(usage.cacheWrite1hInputTokens()));
  }

  private static Usage plus(Usage a, Usage b) {
    return new Usage(
        a.inputTokens() + b.inputTokens(),
        a.outputTokens() + b.outputTokens(),
        a.cacheReadInputTokens() + b.cacheReadInputTokens(),
        a.cacheWrite5mInputTokens() + b.cacheWrite5mInputTokens(),
        a.cacheWrite1hInputTokens() + b.cacheWrite1hInputTokens());
  }
}
