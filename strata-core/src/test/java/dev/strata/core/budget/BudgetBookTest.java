package dev.strata.core.budget;

import static dev.strata.core.budget.Budgets.ALICE;
import static dev.strata.core.budget.Budgets.BOB;
import static dev.strata.core.budget.Budgets.CAROL;
import static dev.strata.core.budget.Budgets.OSLO;
import static dev.strata.core.budget.Budgets.hard;
import static dev.strata.core.budget.Budgets.soft;
import static dev.strata.core.budget.Budgets.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.auth.Principal;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.ledger.UsageSource;
import dev.strata.core.model.Usage;
import dev.strata.core.money.Money;
import dev.strata.core.money.Tier;
import dev.strata.core.testing.InMemoryBudgetStore;
import dev.strata.core.testing.InMemoryLedger;
import dev.strata.core.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class BudgetBookTest {
  private static final List<String> GPT = List.of("gpt-4o");

  // 12:00 in Oslo on 1 July 2025 (CEST); the day runs 2025-06-30T22:00Z to 2025-07-01T22:00Z.
  private final ManualClock clock = ManualClock.at("2025-07-01T10:00:00Z");
  private final InMemoryLedger ledger = new InMemoryLedger();
  private final InMemoryBudgetStore store = new InMemoryBudgetStore(ledger);

  private BudgetBook book(Budget... budgets) {
    for (Budget budget : budgets) {
      store.save(budget);
    }
    return new BudgetBook(store, OSLO, clock, AlertSink.NONE);
  }

  private static BudgetStatus status(BudgetBook book, String id) {
    return book.status(id).orElseThrow();
  }

  private static Reservation reserve(BudgetBook book, Principal who, String usd) {
    return book.reserve(who, "gpt-4o", GPT, usd(usd));
  }

  private void spentEarlier(Principal who, String requested, String served, Instant at, String usd) {
    ledger.append(
        new UsageRecord(
            "earlier-" + ledger.records().size(), at, at, who, "openai", "chat", requested, served,
            "openai", Usage.of(1, 1), UsageSource.PROVIDER, usd(usd), "test", Tier.ON_DEMAND,
            false, "ok", 200, 1, OptionalLong.empty()));
  }

  @Test
  void reserve_noBudgetCoversTheRequest_holdsNothing() {
    BudgetBook book = book(hard("b1", "team:ads", "1"));

    assertThat(book.covers(ALICE, GPT)).isFalse();
    assertThat(reserve(book, ALICE, "5")).isSameAs(Reservation.NONE);
    assertThat(status(book, "b1").reserved()).isEqualTo(Money.ZERO);
  }

  @Test
  void reserve_holdsTheWorstCaseUntilSettled_thenCountsTheRealCost() {
    BudgetBook book = book(hard("b1", "key:key-a", "1"));
    assertThat(book.covers(ALICE, GPT)).isTrue();

    Reservation reservation = reserve(book, ALICE, "0.30");
    assertThat(status(book, "b1").reserved()).isEqualTo(usd("0.30"));
    assertThat(status(book, "b1").settled()).isEqualTo(Money.ZERO);

    reservation.settle(usd("0.12"), Optional.of("gpt-4o"));
    BudgetStatus status = status(book, "b1");
    assertThat(status.reserved()).isEqualTo(Money.ZERO);
    assertThat(status.settled()).isEqualTo(usd("0.12"));
    assertThat(status.periodStart()).isEqualTo(Instant.parse("2025-06-30T22:00:00Z"));
    assertThat(status.periodEnd()).isEqualTo(Instant.parse("2025-07-01T22:00:00Z"));
  }

  @Test
  void reserve_hardBudgetWithoutRoomForTheWorstCase_isRefusedNamingTheBudget() {
    BudgetBook book = book(hard("b1", "team:search", "1.00"));
    reserve(book, ALICE, "0.25").settle(usd("0.25"), Optional.of("gpt-4o"));
    Reservation inFlight = reserve(book, BOB, "0.50");

    assertThatThrownBy(() -> reserve(book, ALICE, "0.2500001"))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.QUOTA_EXCEEDED);
              assertThat(e.httpStatus()).isEqualTo(429);
            })
        .hasMessageContaining("Budget 'Budget b1'")
        .hasMessageContaining("1 daily, team:search")
        .hasMessageContaining("0.25 spent")
        .hasMessageContaining("0.5 reserved")
        .hasMessageContaining("could cost up to 0.2500001");
    // Exactly filling the budget is allowed.
    reserve(book, ALICE, "0.25").settle(Money.ZERO, Optional.empty());
    inFlight.settle(usd("0.5"), Optional.of("gpt-4o"));
    assertThat(status(book, "b1").settled()).isEqualTo(usd("0.75"));
  }

  @Test
  void reserve_worstCaseLargerThanTheWholeLimit_isRefusedEvenWhenNothingIsSpent() {
    BudgetBook book = book(hard("b1", "deployment", "1"));

    assertThatThrownBy(() -> reserve(book, CAROL, "1.01"))
        .isInstanceOfSatisfying(
            StrataException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.QUOTA_EXCEEDED));
    assertThat(status(book, "b1").reserved()).isEqualTo(Money.ZERO);
  }

  @Test
  void settle_zero_releasesTheWholeReservation() {
    BudgetBook book = book(hard("b1", "deployment", "1"));

    for (int i = 0; i < 50; i++) {
      reserve(book, ALICE, "0.80").settle(Money.ZERO, Optional.empty()); // every call fails
    }

    assertThat(status(book, "b1").settled()).isEqualTo(Money.ZERO);
    assertThat(status(book, "b1").reserved()).isEqualTo(Money.ZERO);
    reserve(book, ALICE, "1"); // the whole limit is still free
  }

  @Test
  void settle_twice_isADefect() {
    BudgetBook book = book(hard("b1", "deployment", "1"));
    Reservation reservation = reserve(book, ALICE, "0.5");
    reservation.settle(usd("0.1"), Optional.empty());

    assertThatThrownBy(() -> reservation.settle(usd("0.1"), Optional.empty()))
        .isInstanceOf(IllegalStateException.class);
    assertThat(status(book, "b1").settled()).isEqualTo(usd("0.1"));
  }

  @Test
  void reserve_refusedByOneHardBudget_chargesNoneOfTheOthers() {
    BudgetBook book =
        book(hard("key", "key:key-a", "10"), hard("team", "team:search", "1"));
    reserve(book, BOB, "0.9"); // holds 0.9 of the team's 1

    assertThatThrownBy(() -> reserve(book, ALICE, "0.2"))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("Budget 'Budget team'");

    assertThat(status(book, "key").reserved()).isEqualTo(Money.ZERO);
    assertThat(status(book, "team").reserved()).isEqualTo(usd("0.9"));
  }

  @Test
  void reserve_chargesEveryCoveringBudget() {
    BudgetBook book =
        book(hard("key", "key:key-a", "10"), hard("team", "team:search", "10"),
            soft("all", "deployment", "10"), hard("other", "team:ads", "10"));

    reserve(book, ALICE, "2").settle(usd("1.5"), Optional.of("gpt-4o"));

    assertThat(status(book, "key").settled()).isEqualTo(usd("1.5"));
    assertThat(status(book, "team").settled()).isEqualTo(usd("1.5"));
    assertThat(status(book, "all").settled()).isEqualTo(usd("1.5"));
    assertThat(status(book, "other").settled()).isEqualTo(Money.ZERO);
  }

  @Test
  void softBudget_neverRefuses_andRecordsOverspend() {
    BudgetBook book = book(soft("b1", "deployment", "1"));

    for (int i = 0; i < 5; i++) {
      reserve(book, ALICE, "0.75").settle(usd("0.5"), Optional.of("gpt-4o"));
    }

    BudgetStatus status = status(book, "b1");
    assertThat(status.settled()).isEqualTo(usd("2.5"));
    assertThat(status.fractionUsed()).isEqualTo(2.5);
  }

  @Test
  void modelBudget_onAnAlias_reservesButCountsOnlyWhenTheModelServed() {
    BudgetBook book = book(hard("claude", "model:claude", "1"));
    List<String> alias = List.of("fast", "gpt-4o", "claude"); // "fast" may fall back to claude

    assertThat(book.covers(ALICE, alias)).isTrue();
    assertThat(book.covers(ALICE, List.of("gpt-4o"))).isFalse();

    Reservation servedByGpt = book.reserve(ALICE, "fast", alias, usd("0.4"));
    assertThat(status(book, "claude").reserved()).isEqualTo(usd("0.4"));
    servedByGpt.settle(usd("0.3"), Optional.of("gpt-4o"));
    assertThat(status(book, "claude").settled()).isEqualTo(Money.ZERO);
    assertThat(status(book, "claude").reserved()).isEqualTo(Money.ZERO);

    book.reserve(ALICE, "fast", alias, usd("0.4")).settle(usd("0.3"), Optional.of("claude"));
    assertThat(status(book, "claude").settled()).isEqualTo(usd("0.3"));

    // Named directly, it counts even when the call failed before a model was recorded as serving.
    book.reserve(ALICE, "claude", List.of("claude"), usd("0.4"))
        .settle(usd("0.2"), Optional.empty());
    assertThat(status(book, "claude").settled()).isEqualTo(usd("0.5"));
  }

  @Test
  void save_changedLimit_keepsWhatIsSpentAndReserved() {
    BudgetBook book = book(hard("b1", "deployment", "1"));
    reserve(book, ALICE, "0.9").settle(usd("0.8"), Optional.of("gpt-4o"));
    Reservation inFlight = reserve(book, ALICE, "0.1");
    assertThatThrownBy(() -> reserve(book, ALICE, "0.5")).isInstanceOf(StrataException.class);

    book.save(hard("b1", "deployment", "2"));

    BudgetStatus status = status(book, "b1");
    assertThat(status.budget().limit()).isEqualTo(usd("2"));
    assertThat(status.settled()).isEqualTo(usd("0.8"));
    assertThat(status.reserved()).isEqualTo(usd("0.1"));
    assertThat(store.find("b1").orElseThrow().limit()).isEqualTo(usd("2"));
    reserve(book, ALICE, "1.1"); // 0.8 + 0.1 + 1.1 = 2
    assertThatThrownBy(() -> reserve(book, ALICE, "0.000001")).isInstanceOf(StrataException.class);
    inFlight.settle(usd("0.1"), Optional.of("gpt-4o"));
  }

  @Test
  void save_loweredLimit_refusesAtOnce() {
    BudgetBook book = book(hard("b1", "deployment", "10"));
    reserve(book, ALICE, "3").settle(usd("3"), Optional.of("gpt-4o"));

    book.save(hard("b1", "deployment", "3"));

    assertThatThrownBy(() -> reserve(book, ALICE, "0.01")).isInstanceOf(StrataException.class);
  }

  @Test
  void save_newBudget_isEnforcedAtOnceFromTheLedgersSpendThisPeriod() {
    BudgetBook book = book();
    spentEarlier(ALICE, "gpt-4o", "gpt-4o", Instant.parse("2025-07-01T06:00:00Z"), "0.70");
    spentEarlier(BOB, "gpt-4o", "gpt-4o", Instant.parse("2025-07-01T07:00:00Z"), "0.20");
    // Before Oslo's midnight: yesterday.
    spentEarlier(ALICE, "gpt-4o", "gpt-4o", Instant.parse("2025-06-30T21:59:59Z"), "5");
    spentEarlier(CAROL, "gpt-4o", "gpt-4o", Instant.parse("2025-07-01T07:00:00Z"), "5");

    book.save(hard("team", "team:search", "1"));

    assertThat(status(book, "team").settled()).isEqualTo(usd("0.90"));
    reserve(book, ALICE, "0.10");
    assertThatThrownBy(() -> reserve(book, ALICE, "0.01")).isInstanceOf(StrataException.class);
  }

  @Test
  void constructor_opensEachStoredBudgetFromTheLedger() {
    spentEarlier(ALICE, "fast", "claude", Instant.parse("2025-07-01T06:00:00Z"), "0.40");
    spentEarlier(ALICE, "claude", "", Instant.parse("2025-07-01T06:00:00Z"), "0.05");
    spentEarlier(ALICE, "fast", "gpt-4o", Instant.parse("2025-07-01T06:00:00Z"), "3");

    BudgetBook book = book(hard("claude", "model:claude", "1"), soft("key", "key:key-a", "10"));

    assertThat(status(book, "claude").settled()).isEqualTo(usd("0.45"));
    assertThat(status(book, "key").settled()).isEqualTo(usd("3.45"));
  }

  @Test
  void save_changedScope_reopensFromTheLedgerForTheNewScope() {
    spentEarlier(CAROL, "gpt-4o", "gpt-4o", Instant.parse("2025-07-01T06:00:00Z"), "0.60");
    BudgetBook book = book(hard("b1", "team:search", "1"));
    reserve(book, ALICE, "0.5").settle(usd("0.5"), Optional.of("gpt-4o"));
    assertThat(status(book, "b1").settled()).isEqualTo(usd("0.5"));

    book.save(hard("b1", "team:ads", "1"));

    assertThat(status(book, "b1").settled()).isEqualTo(usd("0.60"));
    assertThat(book.covers(ALICE, GPT)).isFalse();
    assertThat(book.covers(CAROL, GPT)).isTrue();
  }

  @Test
  void delete_stopsEnforcement() {
    BudgetBook book = book(hard("b1", "deployment", "1"));
    reserve(book, ALICE, "1");
    assertThatThrownBy(() -> reserve(book, ALICE, "0.01")).isInstanceOf(StrataException.class);

    assertThat(book.delete("b1")).isTrue();

    assertThat(book.covers(ALICE, GPT)).isFalse();
    assertThat(reserve(book, ALICE, "100")).isSameAs(Reservation.NONE);
    assertThat(book.statuses()).isEmpty();
    assertThat(store.all()).isEmpty();
    assertThat(book.delete("b1")).isFalse();
  }

  @Test
  void reservationMadeBeforeADelete_stillSettlesQuietly() {
    BudgetBook book = book(hard("b1", "deployment", "1"), hard("b2", "deployment", "5"));
    Reservation reservation = reserve(book, ALICE, "0.5");

    book.delete("b1");
    reservation.settle(usd("0.4"), Optional.of("gpt-4o"));

    assertThat(book.statuses()).extracting(s -> s.budget().id()).containsExactly("b2");
    assertThat(status(book, "b2").settled()).isEqualTo(usd("0.4"));
    assertThat(status(book, "b2").reserved()).isEqualTo(Money.ZERO);
  }

  @Test
  void newPeriod_startsFromZeroAtMidnightInTheBudgetZone() {
    BudgetBook book = book(hard("b1", "deployment", "1"));
    reserve(book, ALICE, "1").settle(usd("1"), Optional.of("gpt-4o"));
    assertThatThrownBy(() -> reserve(book, ALICE, "0.01")).isInstanceOf(StrataException.class);

    clock.set(Instant.parse("2025-07-01T21:59:59Z")); // 23:59:59 in Oslo: still full
    assertThatThrownBy(() -> reserve(book, ALICE, "0.01")).isInstanceOf(StrataException.class);

    clock.set(Instant.parse("2025-07-01T22:00:00Z")); // midnight in Oslo, only 22:00 in UTC
    BudgetStatus status = status(book, "b1");
    assertThat(status.settled()).isEqualTo(Money.ZERO);
    assertThat(status.periodStart()).isEqualTo(Instant.parse("2025-07-01T22:00:00Z"));
    reserve(book, ALICE, "1");
  }

  @Test
  void totalBudget_neverStartsAfresh() {
    BudgetBook book =
        book(Budgets.budget("t", "deployment", BudgetPeriod.TOTAL, "1", Enforcement.HARD, List.of()));
    reserve(book, ALICE, "0.6").settle(usd("0.6"), Optional.of("gpt-4o"));

    clock.advance(Duration.ofDays(400));

    assertThat(status(book, "t").settled()).isEqualTo(usd("0.6"));
    assertThat(status(book, "t").forecast()).isEmpty();
    assertThatThrownBy(() -> reserve(book, ALICE, "0.5")).isInstanceOf(StrataException.class);
  }

  @Test
  void status_forecastsSettledSpendLinearlyToTheEndOfThePeriod() {
    clock.set(Instant.parse("2025-07-01T04:00:00Z")); // 06:00 in Oslo: a quarter of the day
    BudgetBook book = book(soft("b1", "deployment", "10"));
    reserve(book, ALICE, "2").settle(usd("1.5"), Optional.of("gpt-4o"));

    assertThat(status(book, "b1").forecast()).contains(usd("6"));
  }

  @Test
  void statuses_listsEveryBudget() {
    BudgetBook book = book(hard("b1", "deployment", "1"), soft("b2", "team:ads", "2"));

    assertThat(book.statuses())
        .extracting(s -> s.budget().id())
        .containsExactlyInAnyOrder("b1", "b2");
    assertThat(book.status("missing")).isEmpty();
    assertThat(book.zone()).isEqualTo(OSLO);
  }
}
