package dev.strata.core.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import dev.strata.core.auth.Principal;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.testing.InMemoryRateLimitStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private static final Principal ALICE = new Principal("key-a", "acme", "search", "", Map.of());
  private static final Principal BOB = new Principal("key-b", "acme", "search", "", Map.of());
  private static final Principal LONER = new Principal("key-l", "acme", "", "", Map.of());
  private static final List<String> GPT = List.of("gpt-4o");

  private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);
  private final InMemoryRateLimitStore store = new InMemoryRateLimitStore();

  private RateLimiter limiter(RateLimit... limits) {
    for (RateLimit limit : limits) {
      store.save(limit);
    }
    return new RateLimiter(store, nanos::get);
  }

  private static RateLimit rpm(String id, String scope, long rpm) {
    return new RateLimit(id, RateLimitScope.parse(scope), OptionalLong.of(rpm), OptionalLong.empty());
  }

  private static RateLimit tpm(String id, String scope, long tpm) {
    return new RateLimit(id, RateLimitScope.parse(scope), OptionalLong.empty(), OptionalLong.of(tpm));
  }

  private static StrataException refusal(RateLimiter limiter, Principal who, long tokens) {
    StrataException refusal =
        catchThrowableOfType(StrataException.class, () -> limiter.admit(who, GPT, tokens));
    assertThat(refusal).as("refused").isNotNull();
    assertThat(refusal.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(refusal.httpStatus()).isEqualTo(429);
    return refusal;
  }

  /** Within a millisecond: the limiter may round a wait by a sliver of a token. */
  private static void assertNear(Duration actual, Duration expected) {
    assertThat(actual.toNanos()).isCloseTo(expected.toNanos(), within(1_000_000L));
  }

  private void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
  }

  @Test
  void requestsPerMinute_refuseWithARetryAfterThatIsRight() {
    RateLimiter limiter = limiter(rpm("l1", "key:key-a", 3));
    for (int i = 0; i < 3; i++) {
      limiter.admit(ALICE, GPT, 1_000);
    }

    StrataException refusal = refusal(limiter, ALICE, 1_000);
    Duration retryAfter = refusal.retryAfter().orElseThrow();
    assertNear(retryAfter, Duration.ofSeconds(20));
    assertThat(refusal.isRetryable()).isTrue();
    assertThat(refusal)
        .hasMessageContaining("Rate limit key:key-a of 3 requests per minute reached")
        .hasMessageContaining("retry after 20 s");

    advance(retryAfter.minusMillis(1));
    refusal(limiter, ALICE, 1_000);
    advance(Duration.ofMillis(1));
    limiter.admit(ALICE, GPT, 1_000);
    refusal(limiter, ALICE, 1_000);
  }

  @Test
  void batchPriority_leavesAFifthOfEachBucketForInteractiveTraffic() {
    RateLimiter limiter = limiter(tpm("l1", "key:key-a", 1_000));
    limiter.admit(ALICE, GPT, 700, Priority.BATCH); // 300 left: more than the 200 kept back

    assertThatThrownBy(() -> limiter.admit(ALICE, GPT, 150, Priority.BATCH))
        .isInstanceOf(StrataException.class)
        .satisfies(e -> assertThat(((StrataException) e).isRetryable()).isTrue());
    limiter.admit(ALICE, GPT, 300); // interactive traffic may use the headroom
  }

  @Test
  void tokensPerMinute_refuseUntilEnoughHaveRefilled() {
    RateLimiter limiter = limiter(tpm("l1", "key:key-a", 1_000));
    limiter.admit(ALICE, GPT, 600);
    limiter.admit(ALICE, GPT, 400);

    StrataException refusal = refusal(limiter, ALICE, 100);
    Duration retryAfter = refusal.retryAfter().orElseThrow();
    assertNear(retryAfter, Duration.ofSeconds(6));
    assertThat(refusal).hasMessageContaining("1000 tokens per minute");

    advance(retryAfter);
    limiter.admit(ALICE, GPT, 100);
    refusal(limiter, ALICE, 1);
  }

  @Test
  void everyRetryAfter_isEnoughToBeAdmitted() {
    // Odd rates, whose per-nanosecond refill is not exact in binary.
    for (long perMinute : new long[] {7, 13, 37, 999, 1_201}) {
      RateLimiter limiter = limiter(tpm("odd", "key:key-a", perMinute));
      limiter.admit(ALICE, GPT, perMinute);
      for (long amount = 1; amount <= Math.min(perMinute, 25); amount++) {
        Duration retryAfter = refusal(limiter, ALICE, amount).retryAfter().orElseThrow();
        advance(retryAfter);
        limiter.admit(ALICE, GPT, amount);
      }
    }
  }

  @Test
  void requestLargerThanAMinutesTokens_isRefusedWithoutRetryAfter() {
    RateLimiter limiter = limiter(tpm("l1", "key:key-a", 1_000));

    StrataException refusal = refusal(limiter, ALICE, 1_001);

    assertThat(refusal.retryAfter()).isEmpty();
    assertThat(refusal)
        .hasMessageContaining("1001 tokens")
        .hasMessageContaining("key:key-a")
        .hasMessageContaining("(1000)");
    limiter.admit(ALICE, GPT, 1_000); // nothing was charged
  }

  @Test
  void settle_refundsUnusedTokens() {
    RateLimiter limiter = limiter(tpm("l1", "key:key-a", 1_000));

    limiter.admit(ALICE, GPT, 800).settle(200);

    limiter.admit(ALICE, GPT, 800);
    refusal(limiter, ALICE, 1);
  }

  @Test
  void settle_chargesOveruse_soLaterRequestsWaitForTheDebt() {
    RateLimiter limiter = limiter(tpm("l1", "key:key-a", 1_000));

    limiter.admit(ALICE, GPT, 100).settle(1_100); // 1,000 more than admitted: 100 in debt

    Duration retryAfter = refusal(limiter, ALICE, 50).retryAfter().orElseThrow();
    assertNear(retryAfter, Duration.ofSeconds(9)); // 150 tokens at 1,000 a minute
    advance(retryAfter);
    limiter.admit(ALICE, GPT, 50);
  }

  @Test
  void settle_chargesOnlyTokenBuckets_notRequests() {
    RateLimiter limiter =
        limiter(
            new RateLimit(
                "both", RateLimitScope.parse("key:key-a"), OptionalLong.of(2), OptionalLong.of(1_000)));

    limiter.admit(ALICE, GPT, 500).settle(0);
    limiter.admit(ALICE, GPT, 500).settle(0);

    assertThat(refusal(limiter, ALICE, 1)).hasMessageContaining("2 requests per minute");
  }

  @Test
  void severalLimits_areAllOrNothing() {
    RateLimiter limiter = limiter(rpm("key", "key:key-a", 2), rpm("team", "team:search", 3));
    limiter.admit(ALICE, GPT, 1);
    limiter.admit(ALICE, GPT, 1); // key: 0 left, team: 1 left

    assertThat(refusal(limiter, ALICE, 1)).hasMessageContaining("key:key-a");
    refusal(limiter, ALICE, 1);

    // The refusals did not take the team's last request.
    limiter.admit(BOB, GPT, 1);
    assertThat(refusal(limiter, BOB, 1)).hasMessageContaining("team:search");
  }

  @Test
  void severalLimitsFull_retryAfterIsTheLongestWait() {
    RateLimiter limiter = limiter(rpm("key", "key:key-a", 2), tpm("team", "team:search", 60));
    limiter.admit(ALICE, GPT, 30);
    limiter.admit(ALICE, GPT, 30); // key: a request every 30 s; team: a token a second

    StrataException refusal = refusal(limiter, ALICE, 45);
    Duration retryAfter = refusal.retryAfter().orElseThrow();
    assertNear(retryAfter, Duration.ofSeconds(45));
    assertThat(refusal).hasMessageContaining("team:search of 60 tokens per minute");

    advance(Duration.ofSeconds(30)); // the key has room again, the team not yet
    assertThat(refusal(limiter, ALICE, 45)).hasMessageContaining("team:search");
    advance(retryAfter.minusSeconds(30));
    limiter.admit(ALICE, GPT, 45);
  }

  @Test
  void keyWildcard_givesEachKeyItsOwnBucket() {
    RateLimiter limiter = limiter(rpm("each", "key:*", 1));

    limiter.admit(ALICE, GPT, 1);
    assertThat(refusal(limiter, ALICE, 1)).hasMessageContaining("key:* of 1 requests per minute reached for key-a");
    limiter.admit(BOB, GPT, 1);
    refusal(limiter, BOB, 1);
  }

  @Test
  void teamWildcard_sharesABucketPerTeam_andSkipsKeysWithoutATeam() {
    RateLimiter limiter = limiter(rpm("each", "team:*", 1));

    limiter.admit(ALICE, GPT, 1);
    refusal(limiter, BOB, 1); // same team
    assertThat(limiter.covers(LONER, GPT)).isFalse();
    assertThat(limiter.admit(LONER, GPT, 1)).isSameAs(Admission.UNLIMITED);
  }

  @Test
  void modelLimit_countsEveryoneRequestingTheModel() {
    RateLimiter limiter = limiter(rpm("m", "model:claude", 1));

    assertThat(limiter.covers(ALICE, GPT)).isFalse();
    assertThat(limiter.admit(ALICE, GPT, 1)).isSameAs(Admission.UNLIMITED);
    limiter.admit(ALICE, List.of("fast", "gpt-4o", "claude"), 1);
    assertThatThrownBy(() -> limiter.admit(BOB, List.of("claude"), 1))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("model:claude");
  }

  @Test
  void save_changedLimit_startsWithFullBuckets() {
    RateLimiter limiter = limiter(rpm("l1", "key:key-a", 1));
    limiter.admit(ALICE, GPT, 1);
    refusal(limiter, ALICE, 1);

    limiter.save(rpm("l1", "key:key-a", 2));

    limiter.admit(ALICE, GPT, 1);
    limiter.admit(ALICE, GPT, 1);
    refusal(limiter, ALICE, 1);
    assertThat(limiter.all()).containsExactly(rpm("l1", "key:key-a", 2));
    assertThat(store.all()).containsExactly(rpm("l1", "key:key-a", 2));
  }

  @Test
  void delete_stopsEnforcement() {
    RateLimiter limiter = limiter(rpm("l1", "key:key-a", 1));
    limiter.admit(ALICE, GPT, 1);

    assertThat(limiter.delete("l1")).isTrue();

    assertThat(limiter.covers(ALICE, GPT)).isFalse();
    limiter.admit(ALICE, GPT, 1);
    assertThat(limiter.all()).isEmpty();
    assertThat(store.all()).isEmpty();
    assertThat(limiter.delete("l1")).isFalse();
  }

  @Test
  void noLimits_admitEverythingUncharged() {
    RateLimiter limiter = limiter();

    assertThat(limiter.covers(ALICE, GPT)).isFalse();
    assertThat(limiter.admit(ALICE, GPT, Long.MAX_VALUE / 2)).isSameAs(Admission.UNLIMITED);
  }

  @Test
  void concurrentRequests_admitExactlyTheLimit() {
    RateLimiter limiter = limiter(rpm("l1", "key:key-a", 50), tpm("t1", "team:search", 1_000_000));
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger admitted = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();

    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 300; i++) {
        threads.submit(
            () -> {
              try {
                start.await(30, TimeUnit.SECONDS);
                limiter.admit(ALICE, GPT, 10).settle(5);
                admitted.incrementAndGet();
              } catch (StrataException e) {
                refused.incrementAndGet();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
      }
      start.countDown();
    }

    assertThat(admitted.get()).isEqualTo(50); // the clock stands still: no refill
    assertThat(refused.get()).isEqualTo(250);
  }

  @Test
  void rateLimit_needsAPositiveRpmOrTpm() {
    RateLimitScope scope = RateLimitScope.parse("key:k");

    assertThatThrownBy(() -> new RateLimit("x", scope, OptionalLong.empty(), OptionalLong.empty()))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("rpm");
    assertThatThrownBy(() -> new RateLimit("x", scope, OptionalLong.of(0), OptionalLong.empty()))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("positive");
    assertThatThrownBy(() -> new RateLimit("x", scope, OptionalLong.of(5), OptionalLong.of(-1)))
        .isInstanceOf(StrataException.class);
  }

  @Test
  void scope_parsesKeyTeamAndModelForms() {
    assertThat(RateLimitScope.parse(" key:* ")).isEqualTo(new RateLimitScope.Key("*"));
    assertThat(RateLimitScope.parse("team:search")).isEqualTo(new RateLimitScope.Team("search"));
    assertThat(RateLimitScope.parse("model:claude").wireForm()).isEqualTo("model:claude");
    for (String bad : List.of("", "key", "key:", ":x", "tenant:acme", "deployment")) {
      assertThatThrownBy(() -> RateLimitScope.parse(bad))
          .as(bad)
          .isInstanceOfSatisfying(
              StrataException.class, e -> assertThat(e.param()).contains("scope"))
          .hasMessageContaining("got '" + bad + "'");
    }
  }

  @Test
  void scope_bucketFor_namesTheSubject() {
    assertThat(RateLimitScope.parse("key:*").bucketFor(ALICE, GPT)).contains("key-a");
    assertThat(RateLimitScope.parse("key:key-b").bucketFor(ALICE, GPT)).isEmpty();
    assertThat(RateLimitScope.parse("team:*").bucketFor(BOB, GPT)).contains("search");
    assertThat(RateLimitScope.parse("team:*").bucketFor(LONER, GPT)).isEmpty();
    assertThat(RateLimitScope.parse("team:ads").bucketFor(ALICE, GPT)).isEmpty();
    assertThat(RateLimitScope.parse("model:gpt-4o").bucketFor(ALICE, GPT)).contains("gpt-4o");
  }
}
