package dev.strata.core.path;

import static java.util.Objects.requireNonNull;

import dev.strata.core.auth.Principal;
import dev.strata.core.cache.CacheKey;
import dev.strata.core.cache.CachePolicy;
import dev.strata.core.cache.CachedAnswer;
import dev.strata.core.cache.ResponseCache;
import dev.strata.core.cache.ResponseCacheStatus;
import dev.strata.core.cache.SemanticIndex;
import dev.strata.core.cache.SemanticMatch;
import dev.strata.core.cache.SemanticScope;
import dev.strata.core.cache.StreamReplay;
import dev.strata.core.catalog.ModelCatalog;
import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.ledger.UsageSource;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.Usage;
import dev.strata.core.money.Cost;
import dev.strata.core.money.Money;
import dev.strata.core.money.Tier;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Answers a chat request from the response cache when it can — an identical earlier request of the
 * same tenant first, then (with a semantic index, for deterministic requests) one that means the
 * same — with no upstream call, at no cost; otherwise lets it through and remembers a complete
 * answer. Placed after admission and before metering and routing. A failing cache never fails a
 * request: the lookup counts as a miss.
 */
public final class RespondFromCache implements Step {
  /**
   * The principal tag that lets a key use the semantic cache at any temperature, when set to
   * {@code any-temperature}; without it only requests at temperature 0 are matched by meaning.
   */
  public static final String SEMANTIC_TAG = "semantic-cache";

  private static final System.Logger LOG = System.getLogger(RespondFromCache.class.getName());

  private final ResponseCache cache;
  private final Optional<SemanticIndex> semantic;
  private final ModelCatalog catalog;
  private final Duration ttl;
  private final Clock clock;

  public RespondFromCache(
      ResponseCache cache,
      Optional<SemanticIndex> semantic,
      ModelCatalog catalog,
      Duration ttl,
      Clock clock) {
    this.cache = requireNonNull(cache, "cache");
    this.semantic = requireNonNull(semantic, "semantic");
    this.catalog = requireNonNull(catalog, "catalog");
    this.ttl = requireNonNull(ttl, "ttl");
    this.clock = requireNonNull(clock, "clock");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("the response cache's ttl must be positive, got " + ttl);
    }
  }

  @Override
  public Answer serve(Exchange exchange, Next next) {
    if (!(exchange.operation() instanceof Operation.Chat chat)) {
      return next.proceed(exchange);
    }
    CachePolicy policy = exchange.cachePolicy();
    if (policy.isOff()) {
      exchange.responseCache(ResponseCacheStatus.OFF);
      return next.proceed(exchange);
    }
    Principal principal = exchange.principal().orElseThrow();
    ChatRequest request = chat.request();
    CacheKey key = CacheKey.of(principal.tenant(), request);
    Optional<String> scope = Optional.empty();
    Optional<String> prompt = Optional.empty();
    if (semantic.isPresent() && isSemanticEligible(principal, request)) {
      prompt = SemanticScope.promptText(request);
      scope = prompt.map(text -> SemanticScope.of(principal.tenant(), request));
    }
    if (policy.read()) {
      Optional<CachedAnswer> exact = lookup(exchange, key);
      if (exact.isPresent()) {
        return hit(exchange, chat, exact.get(), ResponseCacheStatus.HIT_EXACT);
      }
      if (scope.isPresent()) {
        Optional<CachedAnswer> similar = lookupSemantic(exchange, key, scope.get(), prompt.get());
        if (similar.isPresent()) {
          return hit(exchange, chat, similar.get(), ResponseCacheStatus.HIT_SEMANTIC);
        }
      }
      exchange.responseCache(ResponseCacheStatus.MISS);
    } else {
      exchange.responseCache(ResponseCacheStatus.OFF);
    }
    Answer answer = next.proceed(exchange);
    if (policy.store() && answer instanceof Answer.Chat answered && isComplete(exchange, answered.response())) {
      store(exchange, key, answered.response(), scope, prompt);
    }
    return answer;
  }

  private Optional<CachedAnswer> lookup(Exchange exchange, CacheKey key) {
    try {
      return cache.get(key);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, exchange.requestId() + ": response cache lookup failed: " + e.getMessage());
      return Optional.empty();
    }
  }

  private Optional<CachedAnswer> lookupSemantic(
      Exchange exchange, CacheKey key, String scope, String prompt) {
    try {
      Optional<SemanticMatch> match = semantic.orElseThrow().find(scope, prompt, clock.instant());
      if (match.isEmpty()) {
        return Optional.empty();
      }
      Optional<CachedAnswer> answer =
          cache.get(new CacheKey(key.tenant(), key.model(), match.get().entryId()));
      if (answer.isEmpty()) {
        semantic.get().remove(match.get().entryId()); // expired or invalidated meanwhile
      }
      return answer;
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, exchange.requestId() + ": semantic cache lookup failed: " + e.getMessage());
      return Optional.empty();
    }
  }

  private Answer hit(
      Exchange exchange, Operation.Chat chat, CachedAnswer cached, ResponseCacheStatus status) {
    catalog.model(cached.servedModel()).ifPresent(exchange::attempting);
    exchange.servedFromCache(status, cached.cost());
    exchange.metered(
        new Metering(
            Usage.ZERO,
            UsageSource.PROVIDER,
            Cost.free(Tier.ON_DEMAND, "response-cache:" + status.wireName())));
    if (chat.stream().isPresent()) {
      exchange.firstTokenAt(System.nanoTime());
      StreamReplay.replay(cached.response(), Usage.ZERO, chat.stream().get());
    }
    exchange.finishedAt(System.nanoTime());
    return new Answer.Chat(cached.response());
  }

  private void store(
      Exchange exchange,
      CacheKey key,
      ChatResponse response,
      Optional<String> scope,
      Optional<String> prompt) {
    Optional<ModelEntry> served = exchange.servedBy();
    CachedAnswer answer =
        new CachedAnswer(
            response,
            served.map(ModelEntry::name).orElse(""),
            served.map(ModelEntry::provider).orElse(""),
            exchange.metering().map(m -> m.cost().total()).orElse(Money.ZERO));
    try {
      cache.put(key, answer, ttl);
      if (scope.isPresent()) {
        semantic.orElseThrow().add(scope.get(), prompt.orElseThrow(), key.digest(), clock.instant().plus(ttl));
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, exchange.requestId() + ": storing in the response cache failed: " + e.getMessage());
    }
  }

  /** Deterministic (temperature 0) requests, or any when the key's tag opts in. */
  private static boolean isSemanticEligible(Principal principal, ChatRequest request) {
    if ("any-temperature".equals(principal.tags().get(SEMANTIC_TAG))) {
      return true;
    }
    return request.inference().temperature().isPresent()
        && request.inference().temperature().getAsDouble() == 0.0;
  }

  /**
   * Whether an answer is whole and worth replaying: nothing failed part-way, the model was not cut
   * off by a filter, and tool calls come with the tool-use stop that completes them.
   */
  private static boolean isComplete(Exchange exchange, ChatResponse response) {
    if (exchange.partialAnswer().isPresent() || response.output().content().isEmpty()) {
      return false;
    }
    boolean callsTools =
        response.output().content().stream().anyMatch(ContentBlock.ToolUse.class::isInstance);
    boolean onlyReplayable =
        response.output().content().stream()
            .allMatch(
                block ->
                    block instanceof ContentBlock.Text
                        || block instanceof ContentBlock.ToolUse
                        || block instanceof ContentBlock.Json);
    return onlyReplayable
        && switch (response.stopReason()) {
          case END_TURN, STOP_SEQUENCE, MAX_TOKENS -> !callsTools;
          case TOOL_USE -> callsTools;
          case CONTENT_FILTERED, GUARDRAIL_INTERVENED -> false;
        };
  }

  @Override
  public String toString() {
    return "RespondFromCache[" + cache + (semantic.isPresent() ? ", semantic" : "") + ", ttl " + ttl + "]";
  }
}
