package dev.strata.core.budget;

import static dev.strata.core.budget.Budgets.ALICE;
import static dev.strata.core.budget.Budgets.OSLO;
import static dev.strata.core.budget.Budgets.soft;
import static dev.strata.core.budget.Budgets.usd;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.money.Money;
import dev.strata.core.testing.InMemoryBudgetStore;
import dev.strata.core.testing.ManualClock;
import dev.strata.core.testing.RecordingAlertSink;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Alert thresholds are sent once per threshold per period. */
class BudgetAlertsTest {
  private static final List<String> GPT = List.of("gpt-4o");
  private static final Instant TODAY = Instant.parse("2025-06-30T22:00:00Z"); // 1 July, Oslo
  private static final Instant TOMORROW = Instant.parse("2025-07-01T22:00:00Z");

  private final ManualClock clock = ManualClock.at("2025-07-01T10:00:00Z");
  private final InMemoryBudgetStore store = new InMemoryBudgetStore();
  private final RecordingAlertSink sink = new RecordingAlertSink();

  private BudgetBook book(Budget budget) {
    store.save(budget);
    return new BudgetBook(store, OSLO, clock, sink);
  }

  private static void spend(BudgetBook book, String usd) {
    book.reserve(ALICE, "gpt-4o", GPT, usd(usd)).settle(usd(usd), Optional.of("gpt-4o"));
  }

  @Test
  void crossingEachThreshold_alertsOnceWithTheSpendAndPeriod() {
    BudgetBook book = book(soft("b1", "deployment", "10", 50, 80, 100));

    spend(book, "4.99");
    assertThat(sink.alerts()).isEmpty();
    spend(book, "0.01"); // exactly 50 %
    assertThat(sink.percents()).containsExactly(50);
    spend(book, "2");
    spend(book, "0.5"); // 75 %
    assertThat(sink.percents()).containsExactly(50);
    spend(book, "1");
    spend(book, "10");
    spend(book, "10");

    assertThat(sink.percents()).containsExactly(50, 80, 100);
    BudgetAlert fifty = sink.alerts().get(0);
    assertThat(fifty.budget().id()).isEqualTo("b1");
    assertThat(fifty.spent()).isEqualTo(usd("5"));
    assertThat(fifty.periodStart()).isEqualTo(TODAY);
    assertThat(fifty.periodEnd()).isEqualTo(TOMORROW);
    assertThat(fifty.at()).isEqualTo(clock.instant());
    assertThat(sink.alerts().get(1).spent()).isEqualTo(usd("8.5"));
    assertThat(sink.alerts().get(2).spent()).isEqualTo(usd("18.5"));
  }

  @Test
  void oneSettlementCrossingSeveralThresholds_alertsEachOfThem() {
    BudgetBook book = book(soft("b1", "deployment", "10", 50, 80, 100, 150));

    spend(book, "12");

    assertThat(sink.percents()).containsExactly(50, 80, 100);
    assertThat(sink.alerts()).allSatisfy(alert -> assertThat(alert.spent()).isEqualTo(usd("12")));
  }

  @Test
  void failedRequests_doNotAlert() {
    BudgetBook book = book(soft("b1", "deployment", "1", 50));

    for (int i = 0; i < 10; i++) {
      book.reserve(ALICE, "gpt-4o", GPT, usd("5")).settle(Money.ZERO, Optional.empty());
    }

    assertThat(sink.alerts()).isEmpty();
    assertThat(store.markCalls()).isEmpty();
  }

  @Test
  void hardBudget_alertsToo() {
    BudgetBook book = book(Budgets.budget("h", "deployment", BudgetPeriod.DAILY, "1",
        Enforcement.HARD, List.of(100)));

    spend(book, "1");

    assertThat(sink.percents()).containsExactly(100);
  }

  @Test
  void manyConcurrentSettlements_alertEachThresholdExactlyOnce() throws InterruptedException {
    BudgetBook book = book(soft("b1", "deployment", "10", 50, 80, 100, 200));
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger refused = new AtomicInteger();

    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 500; i++) {
        threads.submit(
            () -> {
              try {
                start.await(30, TimeUnit.SECONDS);
                spend(book, "0.05"); // 500 × 0.05 = 25: 250 % of the limit
              } catch (RuntimeException | InterruptedException e) {
                refused.incrementAndGet();
              }
            });
      }
      start.countDown();
    }

    assertThat(refused.get()).as("a soft budget never refuses").isZero();
    assertThat(sink.percents()).containsExactlyInAnyOrder(50, 80, 100, 200);
    assertThat(book.status("b1").orElseThrow().settled()).isEqualTo(usd("25"));
    for (BudgetAlert alert : sink.alerts()) {
      // Each alert carries the spend at the moment its threshold was crossed.
      Money threshold = Money.ofPico(usd("10").picoUsd() / 100 * alert.percent());
      assertThat(alert.spent())
          .isGreaterThanOrEqualTo(threshold)
          .isLessThan(threshold.plus(usd("0.05")));
    }
  }

  @Test
  void restartedBook_doesNotAlertAgainForTheSamePeriod() {
    BudgetBook before = book(soft("b1", "deployment", "10", 50, 80));
    spend(before, "6");
    assertThat(sink.percents()).containsExactly(50);

    // The store here knows no ledger, so the new book starts the day at $0 and crosses 50 % again:
    // only the store's record of alerts sent keeps it quiet.
    BudgetBook after = new BudgetBook(store, OSLO, clock, sink);
    spend(after, "6");

    assertThat(sink.percents()).containsExactly(50);
    assertThat(store.markCalls())
        .containsExactly(
            new InMemoryBudgetStore.Mark("b1", TODAY, 50),
            new InMemoryBudgetStore.Mark("b1", TODAY, 50));
    spend(after, "2.5"); // 85 %: a threshold not sent before
    assertThat(sink.percents()).containsExactly(50, 80);
  }

  @Test
  void newPeriod_startsFromZeroAndAlertsAgain() {
    BudgetBook book = book(soft("b1", "deployment", "10", 50, 80));
    spend(book, "9");
    assertThat(sink.percents()).containsExactly(50, 80);

    clock.set(TOMORROW.minusSeconds(1)); // 23:59:59 in Oslo
    spend(book, "1");
    assertThat(sink.percents()).containsExactly(50, 80);

    clock.set(TOMORROW.plusSeconds(1)); // 00:00:01 on 2 July in Oslo, still 1 July in UTC
    assertThat(book.status("b1").orElseThrow().settled()).isEqualTo(Money.ZERO);
    spend(book, "5");

    assertThat(sink.percents()).containsExactly(50, 80, 50);
    BudgetAlert again = sink.alerts().get(2);
    assertThat(again.periodStart()).isEqualTo(TOMORROW);
    assertThat(again.spent()).isEqualTo(usd("5"));
  }

  @Test
  void deletedAndRecreatedBudget_alertsAfresh() {
    BudgetBook book = book(soft("b1", "deployment", "10", 50));
    spend(book, "6");

    book.delete("b1");
    book.save(soft("b1", "deployment", "10", 50));
    spend(book, "6");

    assertThat(sink.percents()).containsExactly(50, 50);
  }
}
