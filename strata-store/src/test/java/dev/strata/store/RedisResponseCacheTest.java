package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.strata.core.cache.CacheKey;
import dev.strata.core.cache.CachedAnswer;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.Message;
import dev.strata.core.model.StopReason;
import dev.strata.core.model.Usage;
import dev.strata.core.money.Money;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Redis response cache against a real server named by {@code STRATA_TEST_REDIS_URL} (started
 * by {@code .ci/run}); skipped without one, unless {@code STRATA_REQUIRE_REDIS=1} demands it.
 */
class RedisResponseCacheTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final String prefix = "strata-test-" + UUID.randomUUID();
  private RedisResponseCache cache;
  private RedisResponseCache otherInstance;

  static String redisUrl() {
    String url = System.getenv("STRATA_TEST_REDIS_URL");
    boolean required = "1".equals(System.getenv("STRATA_REQUIRE_REDIS"));
    if (required) {
      assertThat(url).as("STRATA_REQUIRE_REDIS=1 needs STRATA_TEST_REDIS_URL").isNotBlank();
    }
    assumeTrue(url != null && !url.isBlank(), "STRATA_TEST_REDIS_URL is not set");
    return url;
  }

  @BeforeEach
  void connect() {
    String url = redisUrl();
    cache = RedisResponseCache.connect(url, prefix, TIMEOUT, 1 << 20);
    otherInstance = RedisResponseCache.connect(url, prefix, TIMEOUT, 1 << 20);
  }

  @AfterEach
  void close() {
    if (cache != null) {
      cache.removeAll("", "");
      cache.close();
      otherInstance.close();
    }
  }

  private static CacheKey key(String tenant, String model, int n) {
    return new CacheKey(tenant, model, "%064x".formatted(n));
  }

  private static CachedAnswer answer(String text) {
    return new CachedAnswer(
        new ChatResponse(Message.assistant(text), StopReason.END_TURN, Optional.of(Usage.of(10, 5))),
        "gpt-4o",
        "openai",
        Money.ofMicros(75));
  }

  @Test
  void put_isVisibleToAnotherConnectionWithTheSamePrefix() {
    cache.put(key("acme", "gpt-4o", 1), answer("Paris"), Duration.ofMinutes(1));

    assertThat(otherInstance.get(key("acme", "gpt-4o", 1))).contains(answer("Paris"));
    assertThat(otherInstance.get(key("globex", "gpt-4o", 1))).isEmpty();
  }

  @Test
  void entry_expiresAfterItsTtl() {
    cache.put(key("acme", "gpt-4o", 1), answer("Paris"), Duration.ofMillis(200));

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (cache.get(key("acme", "gpt-4o", 1)).isPresent() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(cache.get(key("acme", "gpt-4o", 1))).isEmpty();
  }

  @Test
  void removeAll_forgetsOnlyTheMatchingTenantAndModel_evenWithAwkwardNames() {
    cache.put(key("acme:*", "gpt-4o", 1), answer("a"), Duration.ofMinutes(1));
    cache.put(key("acme", "gpt-4o", 2), answer("b"), Duration.ofMinutes(1));
    cache.put(key("acme", "anthropic/claude?", 3), answer("c"), Duration.ofMinutes(1));

    assertThat(cache.removeAll("acme", "gpt-4o")).isEqualTo(1);
    assertThat(cache.get(key("acme:*", "gpt-4o", 1))).isPresent();
    assertThat(cache.removeAll("", "anthropic/claude?")).isEqualTo(1);
    assertThat(cache.size()).isEqualTo(1);
    assertThat(cache.remove(key("acme:*", "gpt-4o", 1))).isTrue();
    assertThat(cache.size()).isZero();
  }
}
