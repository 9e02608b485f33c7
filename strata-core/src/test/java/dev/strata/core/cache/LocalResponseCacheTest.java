package dev.strata.core.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.Message;
import dev.strata.core.model.StopReason;
import dev.strata.core.model.Usage;
import dev.strata.core.money.Money;
import dev.strata.core.testing.ManualClock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LocalResponseCacheTest {
  private static final Duration TTL = Duration.ofMinutes(10);

  private final ManualClock clock = ManualClock.at("2025-07-01T10:00:00Z");

  static CacheKey key(String tenant, String model, int n) {
    return new CacheKey(tenant, model, "%064x".formatted(n));
  }

  static CachedAnswer answer(String text) {
    return new CachedAnswer(
        new ChatResponse(Message.assistant(text), StopReason.END_TURN, Optional.of(Usage.of(10, 5))),
        "gpt-4o",
        "openai",
        Money.ofMicros(75));
  }

  @Test
  void get_afterPut_returnsTheAnswerUntilItsTtlPasses() {
    LocalResponseCache cache = new LocalResponseCache(clock, 100, 1 << 20);
    cache.put(key("acme", "gpt-4o", 1), answer("Paris"), TTL);

    clock.advance(TTL.minusSeconds(1));
    assertThat(cache.get(key("acme", "gpt-4o", 1))).contains(answer("Paris"));

    clock.advance(Duration.ofSeconds(1));
    assertThat(cache.get(key("acme", "gpt-4o", 1))).isEmpty();
    assertThat(cache.size()).as("an expired entry is dropped when found").isZero();
  }

  @Test
  void get_otherTenantsKey_misses() {
    LocalResponseCache cache = new LocalResponseCache(clock, 100, 1 << 20);
    cache.put(key("acme", "gpt-4o", 1), answer("Paris"), TTL);

    assertThat(cache.get(key("globex", "gpt-4o", 1))).isEmpty();
  }

  @Test
  void put_beyondMaxEntries_evictsTheLeastRecentlyUsed() {
    LocalResponseCache cache = new LocalResponseCache(clock, 2, 1 << 20);
    cache.put(key("acme", "m", 1), answer("one"), TTL);
    cache.put(key("acme", "m", 2), answer("two"), TTL);
    cache.get(key("acme", "m", 1)); // 1 is now more recent than 2

    cache.put(key("acme", "m", 3), answer("three"), TTL);

    assertThat(cache.get(key("acme", "m", 2))).isEmpty();
    assertThat(cache.get(key("acme", "m", 1))).isPresent();
    assertThat(cache.get(key("acme", "m", 3))).isPresent();
    assertThat(cache.size()).isEqualTo(2);
  }

  @Test
  void put_beyondMaxBytes_evictsUntilTheBytesFit() {
    long each = answer("x".repeat(1000)).estimatedBytes();
    LocalResponseCache cache = new LocalResponseCache(clock, 100, 2 * each + each / 2);
    cache.put(key("acme", "m", 1), answer("x".repeat(1000)), TTL);
    cache.put(key("acme", "m", 2), answer("y".repeat(1000)), TTL);
    cache.put(key("acme", "m", 3), answer("z".repeat(1000)), TTL);

    assertThat(cache.size()).isEqualTo(2);
    assertThat(cache.get(key("acme", "m", 1))).isEmpty();
    assertThat(cache.bytes()).isEqualTo(2 * each);
  }

  @Test
  void put_answerLargerThanTheCache_isNotKept() {
    LocalResponseCache cache = new LocalResponseCache(clock, 100, 300);
    cache.put(key("acme", "m", 1), answer("short"), TTL);
    cache.put(key("acme", "m", 2), answer("x".repeat(10_000)), TTL);

    assertThat(cache.get(key("acme", "m", 1))).as("nothing evicted for it").isPresent();
    assertThat(cache.get(key("acme", "m", 2))).isEmpty();
  }

  @Test
  void removeAll_forgetsOnlyTheMatchingTenantAndModel() {
    LocalResponseCache cache = new LocalResponseCache(clock, 100, 1 << 20);
    cache.put(key("acme", "gpt-4o", 1), answer("a"), TTL);
    cache.put(key("acme", "sonnet", 2), answer("b"), TTL);
    cache.put(key("globex", "gpt-4o", 3), answer("c"), TTL);

    assertThat(cache.removeAll("acme", "gpt-4o")).isEqualTo(1);
    assertThat(cache.get(key("acme", "sonnet", 2))).isPresent();
    assertThat(cache.removeAll("", "gpt-4o")).isEqualTo(1);
    assertThat(cache.get(key("acme", "sonnet", 2))).isPresent();
    assertThat(cache.removeAll("", "")).isEqualTo(1);
    assertThat(cache.size()).isZero();
    assertThat(cache.bytes()).isZero();
  }
}
