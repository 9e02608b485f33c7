package dev.strata.core.promptcache;

import static java.util.Objects.requireNonNull;

import dev.strata.core.auth.Principal;
import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.catalog.PriceSource;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.Usage;
import dev.strata.core.money.ModelPrice;
import dev.strata.core.money.PriceBook;
import dev.strata.core.path.Answer;
import dev.strata.core.path.Exchange;
import dev.strata.core.path.Operation;
import dev.strata.core.path.Step;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * Places prompt-cache points where reuse pays, for chat requests served by models with explicit
 * cache points (a price book entry with a cache-write price: Claude, Nova); models that cache on
 * their own, keys tagged {@code prompt-cache: off} and models switched off in configuration are
 * left alone. Decides for the first routed model; goes between {@code Route} and {@code Invoke}.
 * Never moves or removes the caller's cache points and never exceeds four in all.
 */
public final class PlaceCachePoints implements Step, PromptCacheStats {
  private final PriceBook prices;
  private final Clock clock;
  private final PromptCacheSettings settings;
  private final PrefixLearner learner;
  private final LongAdder requestsSeen = new LongAdder();
  private final LongAdder requestsPlaced = new LongAdder();
  private final LongAdder cachePointsPlaced = new LongAdder();
  private final LongAdder cacheReadTokens = new LongAdder();
  private final LongAdder cacheWriteTokens = new LongAdder();
  private final LongAdder uncachedInputTokens = new LongAdder();

  public PlaceCachePoints(PriceBook prices, Clock clock, PromptCacheSettings settings) {
    this.prices = requireNonNull(prices, "prices");
    this.clock = requireNonNull(clock, "clock");
    this.settings = requireNonNull(settings, "settings");
    this.learner =
        new PrefixLearner(settings.maxPrefixes(), settings.maxBytes(), settings.cacheLifetime());
  }

  @Override
  public Answer serve(Exchange exchange, Next next) {
    if (!(exchange.operation() instanceof Operation.Chat chat) || exchange.candidates().isEmpty()) {
      return next.proceed(exchange);
    }
    ModelEntry model = exchange.candidates().get(0);
    Optional<ModelPrice> price = explicitCachePrice(model);
    if (price.isEmpty() || optedOut(exchange.principal(), model)) {
      return next.proceed(exchange);
    }
    requestsSeen.increment();
    int placed = place(exchange, chat.request(), model, price.get());
    Answer answer = next.proceed(exchange);
    if (placed > 0 && answer instanceof Answer.Chat(var response)) {
      response.usage().ifPresent(this::count);
    }
    return answer;
  }

  @Override
  public PromptCacheCounts counts() {
    return new PromptCacheCounts(
        requestsSeen.sum(),
        requestsPlaced.sum(),
        cachePointsPlaced.sum(),
        cacheReadTokens.sum(),
        cacheWriteTokens.sum(),
        uncachedInputTokens.sum());
  }

  private int place(Exchange exchange, ChatRequest request, ModelEntry model, ModelPrice price) {
    Instant now = clock.instant();
    String tenant = exchange.principal().map(Principal::tenant).orElse(Principal.DEFAULT_TENANT);
    List<Boundary> boundaries = PromptBoundaries.of(request);
    int[] seenBefore = learner.observe(tenant + '\0' + model.name(), boundaries, now);
    int slots = ContentBlock.CachePoint.MAX_PER_REQUEST - request.cachePointCount();
    List<Boundary> chosen =
        new PlacementRule(price, MinimumCacheTokens.of(model.upstreamModel()))
            .choose(boundaries, seenBefore, slots);
    if (chosen.isEmpty()) {
      return 0;
    }
    exchange.rewriteChat(original -> CachePointWriter.mark(original, chosen));
    requestsPlaced.increment();
    cachePointsPlaced.add(chosen.size());
    return chosen.size();
  }

  private Optional<ModelPrice> explicitCachePrice(ModelEntry model) {
    if (!(model.pricing() instanceof PriceSource.Listed(String priceId))) {
      return Optional.empty();
    }
    return prices
        .priceOn(priceId, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC))
        .filter(p -> p.cacheWrite5m().isPresent());
  }

  private boolean optedOut(Optional<Principal> principal, ModelEntry model) {
    boolean keyOff =
        principal
            .map(p -> p.tags().get(PromptCacheSettings.KEY_TAG))
            .filter(value -> value.equalsIgnoreCase("off"))
            .isPresent();
    return keyOff || settings.disabledModels().contains(model.name());
  }

  private void count(Usage usage) {
    cacheReadTokens.add(usage.cacheReadInputTokens());
    cacheWriteTokens.add(usage.cacheWriteInputTokens());
    uncachedInputTokens.add(usage.inputTokens());
  }

  @Override
  public String toString() {
    return "PlaceCachePoints[" + counts() + "]";
  }
}
