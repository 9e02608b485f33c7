package dev.strata.core.budget;

import static dev.strata.core.budget.Budgets.OSLO;
import static dev.strata.core.budget.Budgets.hard;
import static dev.strata.core.budget.Budgets.usd;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.auth.Principal;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.money.Money;
import dev.strata.core.testing.InMemoryBudgetStore;
import dev.strata.core.testing.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Hard budgets hold when many requests reserve at once. */
class BudgetConcurrencyTest {
  private static final int REQUESTS = 500;
  private static final Money WORST = usd("0.01");
  private static final List<String> GPT = List.of("gpt-4o");

  private final ManualClock clock = ManualClock.at("2025-07-01T10:00:00Z");
  private final InMemoryBudgetStore store = new InMemoryBudgetStore();

  private static Principal key(int i) {
    return new Principal("key-" + (i % 5), "acme", "team-" + (i % 5), "", Map.of());
  }

  /** Each request's real cost: between half its worst case and all of it. */
  private static Money actual(int i) {
    return Money.ofPico(WORST.picoUsd() / 2 + (WORST.picoUsd() / 2) * (i % 11) / 10);
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(30, TimeUnit.SECONDS)).as("latch opened in time").isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  void fiveHundredRequestsInFlightAtOnce_admitNoMoreThanTheBudgetHolds() {
    // Sized for 100 worst cases and a half; key-0 has its own budget, sized for 15.
    store.save(hard("deployment", "deployment", "1.005"));
    store.save(hard("key0", "key:key-0", "0.155"));
    BudgetBook book = new BudgetBook(store, OSLO, clock, AlertSink.NONE);
    CountDownLatch start = new CountDownLatch(1);
    CountDownLatch attempted = new CountDownLatch(REQUESTS);
    CountDownLatch settle = new CountDownLatch(1);
    AtomicInteger admitted = new AtomicInteger();
    AtomicInteger admittedKey0 = new AtomicInteger();
    AtomicLong settledPico = new AtomicLong();
    ConcurrentLinkedQueue<Throwable> refusals = new ConcurrentLinkedQueue<>();

    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < REQUESTS; i++) {
        int request = i;
        threads.submit(
            () -> {
              await(start);
              Reservation reservation;
              try {
                reservation = book.reserve(key(request), "gpt-4o", GPT, WORST);
              } catch (RuntimeException refused) {
                refusals.add(refused);
                attempted.countDown();
                return;
              }
              admitted.incrementAndGet();
              if (request % 5 == 0) {
                admittedKey0.incrementAndGet();
              }
              attempted.countDown();
              await(settle); // every reservation is held until all requests have tried
              reservation.settle(actual(request), Optional.of("gpt-4o"));
              settledPico.addAndGet(actual(request).picoUsd());
            });
      }
      start.countDown();
      try {
        await(attempted);
        BudgetStatus holding = book.status("deployment").orElseThrow();
        assertThat(holding.reserved()).isEqualTo(WORST.times(admitted.get()));
        assertThat(holding.reserved()).isLessThanOrEqualTo(holding.budget().limit());
      } finally {
        settle.countDown(); // let the held requests finish even when an assertion failed
      }
    }

    assertThat(admitted.get()).isEqualTo(100); // ⌊1.005 / 0.01⌋: every one held at once
    assertThat(admittedKey0.get()).isLessThanOrEqualTo(15);
    assertThat(refusals).hasSize(REQUESTS - 100);
    assertThat(refusals)
        .allSatisfy(
            refusal -> {
              assertThat(refusal).isInstanceOf(StrataException.class);
              assertThat(((StrataException) refusal).kind()).isEqualTo(ErrorKind.QUOTA_EXCEEDED);
              assertThat(refusal.getMessage())
                  .containsAnyOf("Budget 'Budget deployment'", "Budget 'Budget key0'");
            });
    BudgetStatus deployment = book.status("deployment").orElseThrow();
    assertThat(deployment.settled()).isEqualTo(Money.ofPico(settledPico.get()));
    assertThat(deployment.settled()).isLessThanOrEqualTo(usd("1.005"));
    assertThat(deployment.reserved()).isEqualTo(Money.ZERO);
    BudgetStatus key0 = book.status("key0").orElseThrow();
    assertThat(key0.settled()).isLessThanOrEqualTo(usd("0.155"));
    assertThat(key0.reserved()).isEqualTo(Money.ZERO);
  }

  @Test
  void fiveHundredRequestsSettlingAsTheyGo_neverHoldOrSpendMoreThanTheLimit() {
    store.save(hard("deployment", "deployment", "1.005"));
    BudgetBook book = new BudgetBook(store, OSLO, clock, AlertSink.NONE);
    Money limit = usd("1.005");
    CountDownLatch start = new CountDownLatch(1);
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicReference<BudgetStatus> overLimit = new AtomicReference<>();
    AtomicInteger observations = new AtomicInteger();
    AtomicInteger admitted = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();

    Thread observer =
        Thread.ofPlatform()
            .start(
                () -> {
                  while (running.get()) {
                    BudgetStatus status = book.status("deployment").orElseThrow();
                    observations.incrementAndGet();
                    if (status.settled().plus(status.reserved()).compareTo(limit) > 0) {
                      overLimit.compareAndSet(null, status);
                    }
                  }
                });
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < REQUESTS; i++) {
        threads.submit(
            () -> {
              await(start);
              try {
                // Every request costs exactly its worst case.
                book.reserve(key(0), "gpt-4o", GPT, WORST).settle(WORST, Optional.of("gpt-4o"));
                admitted.incrementAndGet();
              } catch (StrataException e) {
                refused.incrementAndGet();
              }
            });
      }
      start.countDown();
    } finally {
      running.set(false);
    }
    try {
      observer.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }

    assertThat(overLimit.get()).as("a status over the limit").isNull();
    assertThat(observations.get()).isPositive();
    assertThat(admitted.get()).isEqualTo(100);
    assertThat(refused.get()).isEqualTo(REQUESTS - 100);
    assertThat(book.status("deployment").orElseThrow().settled()).isEqualTo(WORST.times(100));
  }

  @Test
  void requestsCheaperThanTheirWorstCase_letMoreThroughButNeverOverspend() {
    store.save(hard("deployment", "deployment", "1.005"));
    BudgetBook book = new BudgetBook(store, OSLO, clock, AlertSink.NONE);
    CountDownLatch start = new CountDownLatch(1);
    List<Integer> admittedRequests = java.util.Collections.synchronizedList(new ArrayList<>());
    ConcurrentLinkedQueue<RuntimeException> refusals = new ConcurrentLinkedQueue<>();

    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < REQUESTS; i++) {
        int request = i;
        threads.submit(
            () -> {
              await(start);
              try {
                Reservation reservation = book.reserve(key(request), "gpt-4o", GPT, WORST);
                admittedRequests.add(request);
                reservation.settle(actual(request), Optional.of("gpt-4o"));
              } catch (RuntimeException refused) {
                refusals.add(refused);
              }
            });
      }
      start.countDown();
    }

    long expected = admittedRequests.stream().mapToLong(i -> actual(i).picoUsd()).sum();
    BudgetStatus status = book.status("deployment").orElseThrow();
    assertThat(status.settled()).isEqualTo(Money.ofPico(expected));
    assertThat(status.settled()).isLessThanOrEqualTo(usd("1.005"));
    assertThat(status.reserved()).isEqualTo(Money.ZERO);
    // A refusal means more than 0.995 was settled or held, at most 0.01 per admitted request.
    assertThat(admittedRequests.size()).isGreaterThanOrEqualTo(100);
    assertThat(refusals).hasSize(REQUESTS - admittedRequests.size());
    assertThat(refusals)
        .allSatisfy(
            refusal ->
                assertThat(refusal)
                    .isInstanceOfSatisfying(
                        StrataException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.QUOTA_EXCEEDED)));
  }
}
