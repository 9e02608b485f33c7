package dev.strata.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.auth.Principal;
import dev.strata.core.budget.Budget;
import dev.strata.core.budget.BudgetPeriod;
import dev.strata.core.budget.BudgetScope;
import dev.strata.core.budget.Enforcement;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.ledger.UsageSource;
import dev.strata.core.model.Usage;
import dev.strata.core.money.Money;
import dev.strata.core.money.Tier;
import dev.strata.core.ratelimit.RateLimit;
import dev.strata.core.ratelimit.RateLimitScope;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class InMemoryBudgetStoreTest {
  private static final Principal ALICE =
      new Principal("key-a", "acme", "search", "", Map.of("env", "prod"));
  private static final Principal CAROL = new Principal("key-c", "other", "ads", "", Map.of());
  private static final Instant FROM = Instant.parse("2025-07-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2025-07-02T00:00:00Z");

  private static UsageRecord record(Principal who, String requested, String served, String at, long micros) {
    Instant when = Instant.parse(at);
    return new UsageRecord(
        "r", when, when, who, "openai", "chat", requested, served, "p", Usage.of(1, 1),
        UsageSource.PROVIDER, Money.ofMicros(micros), "t", Tier.ON_DEMAND, false, "ok", 200, 1,
        OptionalLong.empty());
  }

  @Test
  void spent_sumsTheLedgerInThePeriodForTheScope() {
    InMemoryLedger ledger = new InMemoryLedger();
    ledger.append(record(ALICE, "fast", "claude", "2025-07-01T00:00:00Z", 1));
    ledger.append(record(ALICE, "gpt-4o", "gpt-4o", "2025-07-01T12:00:00Z", 10));
    ledger.append(record(CAROL, "claude", "", "2025-07-01T23:59:59Z", 100));
    ledger.append(record(ALICE, "claude", "claude", "2025-07-02T00:00:00Z", 1_000)); // next day
    InMemoryBudgetStore store = new InMemoryBudgetStore(ledger);

    assertThat(store.spent(BudgetScope.parse("deployment"), FROM, TO)).isEqualTo(Money.ofMicros(111));
    assertThat(store.spent(BudgetScope.parse("key:key-a"), FROM, TO)).isEqualTo(Money.ofMicros(11));
    assertThat(store.spent(BudgetScope.parse("tenant:other"), FROM, TO)).isEqualTo(Money.ofMicros(100));
    assertThat(store.spent(BudgetScope.parse("tag:env=prod"), FROM, TO)).isEqualTo(Money.ofMicros(11));
    assertThat(store.spent(BudgetScope.parse("model:claude"), FROM, TO)).isEqualTo(Money.ofMicros(101));
    assertThat(new InMemoryBudgetStore().spent(BudgetScope.parse("deployment"), FROM, TO))
        .isEqualTo(Money.ZERO);
  }

  @Test
  void markAlerted_isTrueOnlyTheFirstTime_untilTheBudgetIsDeleted() {
    InMemoryBudgetStore store = new InMemoryBudgetStore();
    store.save(
        new Budget("b1", "B", BudgetScope.parse("deployment"), BudgetPeriod.DAILY, Money.ofUsd("1"),
            Enforcement.SOFT, List.of(50)));

    assertThat(store.markAlerted("b1", FROM, 50)).isTrue();
    assertThat(store.markAlerted("b1", FROM, 50)).isFalse();
    assertThat(store.markAlerted("b1", TO, 50)).isTrue();
    assertThat(store.markAlerted("b1", FROM, 80)).isTrue();
    assertThat(store.markCalls()).hasSize(4);

    assertThat(store.delete("b1")).isTrue();
    assertThat(store.find("b1")).isEmpty();
    assertThat(store.markAlerted("b1", FROM, 50)).isTrue();
    assertThat(store.delete("b1")).isFalse();
  }

  @Test
  void rateLimitStore_savesReplacesAndDeletes() {
    RateLimit first =
        new RateLimit("l1", RateLimitScope.parse("key:*"), OptionalLong.of(1), OptionalLong.empty());
    RateLimit changed =
        new RateLimit("l1", RateLimitScope.parse("key:*"), OptionalLong.of(2), OptionalLong.empty());
    InMemoryRateLimitStore store = new InMemoryRateLimitStore(first);

    store.save(changed);

    assertThat(store.all()).containsExactly(changed);
    assertThat(store.delete("l1")).isTrue();
    assertThat(store.delete("l1")).isFalse();
    assertThat(store.all()).isEmpty();
  }
}
