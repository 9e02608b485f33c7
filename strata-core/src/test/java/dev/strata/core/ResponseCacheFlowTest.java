package dev.strata.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.auth.IssuedKey;
import dev.strata.core.auth.KeyAuthenticator;
import dev.strata.core.auth.NewKey;
import dev.strata.core.cache.CacheInvalidator;
import dev.strata.core.cache.CachePolicy;
import dev.strata.core.cache.LocalResponseCache;
import dev.strata.core.cache.ResponseCacheStatus;
import dev.strata.core.cache.SemanticIndex;
import dev.strata.core.cache.SemanticMatch;
import dev.strata.core.catalog.ModelCatalog;
import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.catalog.PriceSource;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.InferenceConfig;
import dev.strata.core.model.StreamEvent;
import dev.strata.core.model.Usage;
import dev.strata.core.money.Money;
import dev.strata.core.money.PriceBookLoader;
import dev.strata.core.path.Answer;
import dev.strata.core.path.Authenticate;
import dev.strata.core.path.CostMeter;
import dev.strata.core.path.Exchange;
import dev.strata.core.path.Invoke;
import dev.strata.core.path.Meter;
import dev.strata.core.path.Operation;
import dev.strata.core.path.RequestLimits;
import dev.strata.core.path.RequestPath;
import dev.strata.core.path.RespondFromCache;
import dev.strata.core.path.Route;
import dev.strata.core.path.Settle;
import dev.strata.core.path.Validate;
import dev.strata.core.provider.ProviderRegistry;
import dev.strata.core.provider.StreamSink;
import dev.strata.core.testing.FakeProvider;
import dev.strata.core.testing.InMemoryKeyStore;
import dev.strata.core.testing.InMemoryLedger;
import dev.strata.core.testing.ManualClock;
import dev.strata.core.testing.RecordingSink;
import dev.strata.core.testing.ScriptedReply;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The request path with the response cache in its place — after settlement, before metering and
 * routing — wired from public parts, with a fake upstream that counts its calls.
 */
class ResponseCacheFlowTest {
  private static final String QUESTION = "What is the capital of France?";
  private static final Usage USAGE = Usage.of(1000, 100);
  private static final Money COST = Money.ofMicros(3500); // 1000 × 2.50 + 100 × 10.00 $/1M
  private static final Duration TTL = Duration.ofMinutes(5);

  private final ManualClock clock = ManualClock.at("2025-07-01T10:00:00Z");
  private final InMemoryKeyStore keys = new InMemoryKeyStore(clock);
  private final InMemoryLedger ledger = new InMemoryLedger();
  private final FakeProvider openai =
      new FakeProvider("openai").reply("gpt-4o-2024-08-06", ScriptedReply.text("Paris.", USAGE));
  private final ProviderRegistry providers = new ProviderRegistry(List.of(openai));
  private final ModelCatalog catalog =
      new ModelCatalog(
          List.of(
              new ModelEntry(
                  "gpt-4o", "openai", "gpt-4o-2024-08-06", new PriceSource.Listed("gpt-4o"), OptionalInt.empty(), false)),
          Map.of());
  private final LocalResponseCache cache = new LocalResponseCache(clock, 1000, 1 << 20);
  private final NormalizingIndex semantic = new NormalizingIndex();
  private final RequestPath path =
      new RequestPath(
          List.of(
              new Authenticate(new KeyAuthenticator(keys, clock, Duration.ofMinutes(1))),
              new Validate(RequestLimits.DEFAULTS),
              new Settle(ledger, clock),
              new RespondFromCache(cache, Optional.of(semantic), catalog, TTL, clock),
              new Meter(new CostMeter(PriceBookLoader.shipped(), providers)),
              new Route(catalog),
              new Invoke(providers)));
  private final IssuedKey acme = keys.create(new NewKey("acme-bot", "acme", null, null, Map.of()));
  private final IssuedKey globex = keys.create(new NewKey("globex-bot", "globex", null, null, Map.of()));
  private final AtomicInteger ids = new AtomicInteger();

  private Exchange exchange(IssuedKey key, ChatRequest request, Optional<StreamSink> stream) {
    return new Exchange(
        "req-" + ids.incrementAndGet(),
        clock.instant(),
        System.nanoTime(),
        "openai",
        Optional.of(key.secret()),
        new Operation.Chat(request, stream));
  }

  private Exchange run(IssuedKey key, ChatRequest request) {
    Exchange exchange = exchange(key, request, Optional.empty());
    path.run(exchange);
    return exchange;
  }

  private UsageRecord lastRecord() {
    return ledger.records().getLast();
  }

  private static ChatRequest atTemperature(String text, double temperature) {
    ChatRequest request = ChatRequest.of("gpt-4o", text);
    InferenceConfig in = request.inference();
    return request.withInference(
        new InferenceConfig(in.maxTokens(), OptionalDouble.of(temperature), in.topP(), in.stopSequences(), in.seed(), in.user()));
  }

  @Test
  void identicalRequest_isAnsweredFromTheCacheWithNoUpstreamCallAndBilledNothing() {
    Exchange first = run(acme, ChatRequest.of("gpt-4o", QUESTION));
    Exchange second = exchange(acme, ChatRequest.of("gpt-4o", QUESTION), Optional.empty());

    Answer answer = path.run(second);

    assertThat(((Answer.Chat) answer).response().output().text()).isEqualTo("Paris.");
    assertThat(openai.calls()).hasSize(1);
    assertThat(first.responseCache()).isEqualTo(ResponseCacheStatus.MISS);
    assertThat(second.responseCache()).isEqualTo(ResponseCacheStatus.HIT_EXACT);
    assertThat(ledger.records()).hasSize(2);
    UsageRecord miss = ledger.records().getFirst();
    assertThat(miss.cost()).isEqualTo(COST);
    assertThat(miss.responseCache()).isEqualTo(ResponseCacheStatus.MISS);
    assertThat(miss.savedCost()).isEqualTo(Money.ZERO);
    UsageRecord hit = lastRecord();
    assertThat(hit.cost()).isEqualTo(Money.ZERO);
    assertThat(hit.savedCost()).isEqualTo(COST);
    assertThat(hit.responseCache()).isEqualTo(ResponseCacheStatus.HIT_EXACT);
    assertThat(hit.usage()).isEqualTo(Usage.ZERO);
    assertThat(hit.servedModel()).isEqualTo("gpt-4o");
    assertThat(hit.status()).isEqualTo("ok");
    assertThat(hit.cacheDimension()).isEqualTo("hit-exact");
  }

  @Test
  void sameRequestOfAnotherTenant_missesAndCallsUpstream() {
    run(acme, ChatRequest.of("gpt-4o", QUESTION));

    Exchange other = run(globex, ChatRequest.of("gpt-4o", QUESTION));

    assertThat(other.responseCache()).isEqualTo(ResponseCacheStatus.MISS);
    assertThat(openai.calls()).hasSize(2);
    assertThat(lastRecord().cost()).isEqualTo(COST);
  }

  @Test
  void differentMessage_misses() {
    run(acme, ChatRequest.of("gpt-4o", QUESTION));

    assertThat(run(acme, ChatRequest.of("gpt-4o", "What is the capital of Italy?")).responseCache())
        .isEqualTo(ResponseCacheStatus.MISS);
    assertThat(openai.calls()).hasSize(2);
  }

  @Test
  void entryPastItsTtl_misses() {
    run(acme, ChatRequest.of("gpt-4o", QUESTION));
    clock.advance(TTL);

    assertThat(run(acme, ChatRequest.of("gpt-4o", QUESTION)).responseCache())
        .isEqualTo(ResponseCacheStatus.MISS);
    assertThat(openai.calls()).hasSize(2);
  }

  @Test
  void optedOutRequest_neitherReadsNorStores() {
    run(acme, ChatRequest.of("gpt-4o", QUESTION));
    Exchange off = exchange(acme, ChatRequest.of("gpt-4o", QUESTION), Optional.empty())
        .cachePolicy(CachePolicy.fromHeaders(null, "off"));

    path.run(off);

    assertThat(off.responseCache()).isEqualTo(ResponseCacheStatus.OFF);
    assertThat(openai.calls()).hasSize(2);
    assertThat(lastRecord().responseCache()).isEqualTo(ResponseCacheStatus.OFF);
  }

  @Test
  void noCacheRequest_skipsTheLookupButRefreshesTheEntry() {
    Exchange noCache = exchange(acme, ChatRequest.of("gpt-4o", QUESTION), Optional.empty())
        .cachePolicy(CachePolicy.fromHeaders("no-cache", null));
    path.run(noCache);
    Exchange noStore = exchange(acme, ChatRequest.of("gpt-4o", "Another question"), Optional.empty())
        .cachePolicy(CachePolicy.fromHeaders("no-store", null));
    path.run(noStore);

    assertThat(noCache.responseCache()).isEqualTo(ResponseCacheStatus.OFF);
    assertThat(run(acme, ChatRequest.of("gpt-4o", QUESTION)).responseCache())
        .isEqualTo(ResponseCacheStatus.HIT_EXACT);
    assertThat(run(acme, ChatRequest.of("gpt-4o", "Another question")).responseCache())
        .as("no-store kept nothing")
        .isEqualTo(ResponseCacheStatus.MISS);
  }

  @Test
  void streamedHit_replaysTheCachedTextAsStreamEvents() {
    RecordingSink live = new RecordingSink();
    path.run(exchange(acme, ChatRequest.of("gpt-4o", QUESTION), Optional.of(live)));
    RecordingSink replayed = new RecordingSink();
    Exchange hit = exchange(acme, ChatRequest.of("gpt-4o", QUESTION), Optional.of(replayed));

    path.run(hit);

    assertThat(openai.calls()).hasSize(1);
    assertThat(hit.responseCache()).isEqualTo(ResponseCacheStatus.HIT_EXACT);
    assertThat(replayed.text()).isEqualTo(live.text()).isEqualTo("Paris.");
    assertThat(replayed.events().getFirst()).isInstanceOf(StreamEvent.MessageStart.class);
    assertThat(replayed.eventsOf(StreamEvent.MessageStop.class)).hasSize(1);
    assertThat(lastRecord().streamed()).isTrue();
    assertThat(lastRecord().savedCost()).isEqualTo(COST);
  }

  @Test
  void deterministicRequestThatMeansTheSame_isASemanticHit() {
    run(acme, atTemperature(QUESTION, 0));

    Exchange similar = run(acme, atTemperature("what is the capital of france", 0));

    assertThat(similar.responseCache()).isEqualTo(ResponseCacheStatus.HIT_SEMANTIC);
    assertThat(openai.calls()).hasSize(1);
    assertThat(lastRecord().responseCache()).isEqualTo(ResponseCacheStatus.HIT_SEMANTIC);
    assertThat(lastRecord().savedCost()).isEqualTo(COST);
  }

  @Test
  void sampledRequest_isNotMatchedByMeaning() {
    run(acme, atTemperature(QUESTION, 0.7));

    assertThat(run(acme, atTemperature("what is the capital of france", 0.7)).responseCache())
        .isEqualTo(ResponseCacheStatus.MISS);
    assertThat(openai.calls()).hasSize(2);
  }

  @Test
  void invalidatedTenant_missesAgain() {
    run(acme, atTemperature(QUESTION, 0));
    run(globex, atTemperature(QUESTION, 0));
    CacheInvalidator invalidator = new CacheInvalidator(cache, Optional.of(semantic));

    assertThat(invalidator.invalidate("acme", "")).isEqualTo(1);

    assertThat(run(acme, atTemperature("what is the capital of france", 0)).responseCache())
        .isEqualTo(ResponseCacheStatus.MISS);
    assertThat(run(globex, atTemperature(QUESTION, 0)).responseCache())
        .isEqualTo(ResponseCacheStatus.HIT_EXACT);
  }

  @Test
  void failingCache_answersFromUpstream() {
    RequestPath broken =
        new RequestPath(
            List.of(
                new Authenticate(new KeyAuthenticator(keys, clock, Duration.ofMinutes(1))),
                new Settle(ledger, clock),
                new RespondFromCache(new FailingCache(), Optional.empty(), catalog, TTL, clock),
                new Meter(new CostMeter(PriceBookLoader.shipped(), providers)),
                new Route(catalog),
                new Invoke(providers)));
    Exchange exchange = exchange(acme, ChatRequest.of("gpt-4o", QUESTION), Optional.empty());

    Answer answer = broken.run(exchange);

    assertThat(((Answer.Chat) answer).response().output().text()).isEqualTo("Paris.");
    assertThat(lastRecord().cost()).isEqualTo(COST);
  }

  /** Matches prompts equal after lower-casing and dropping punctuation: meaning, for a test. */
  private static final class NormalizingIndex implements SemanticIndex {
    private final Map<String, String> entries = new HashMap<>();

    private static String normal(String scope, String prompt) {
      return scope + "|" + prompt.toLowerCase(Locale.ROOT).replaceAll("[^a-z ]", "");
    }

    @Override
    public synchronized Optional<SemanticMatch> find(String scope, String prompt, Instant now) {
      return Optional.ofNullable(entries.get(normal(scope, prompt))).map(id -> new SemanticMatch(id, 0.99));
    }

    @Override
    public synchronized void add(String scope, String prompt, String entryId, Instant expiresAt) {
      entries.put(normal(scope, prompt), entryId);
    }

    @Override
    public synchronized void remove(String entryId) {
      entries.values().removeIf(entryId::equals);
    }

    @Override
    public synchronized void removeScope(String scopePrefix) {
      entries.keySet().removeIf(key -> key.startsWith(scopePrefix));
    }

    @Override
    public synchronized int size() {
      return entries.size();
    }

    @Override
    public void close() {}
  }

  private static final class FailingCache implements dev.strata.core.cache.ResponseCache {
    @Override
    public Optional<dev.strata.core.cache.CachedAnswer> get(dev.strata.core.cache.CacheKey key) {
      throw new IllegalStateException("redis is down");
    }

    @Override
    public void put(dev.strata.core.cache.CacheKey key, dev.strata.core.cache.CachedAnswer answer, Duration ttl) {
      throw new IllegalStateException("redis is down");
    }

    @Override
    public boolean remove(dev.strata.core.cache.CacheKey key) {
      return false;
    }

    @Override
    public long removeAll(String tenant, String model) {
      return 0;
    }

    @Override
    public long size() {
      return 0;
    }
  }
}
