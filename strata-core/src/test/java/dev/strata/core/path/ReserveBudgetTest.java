package dev.strata.core.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.auth.Principal;
import dev.strata.core.budget.AlertSink;
import dev.strata.core.budget.Budget;
import dev.strata.core.budget.BudgetBook;
import dev.strata.core.budget.BudgetPeriod;
import dev.strata.core.budget.BudgetScope;
import dev.strata.core.budget.BudgetStatus;
import dev.strata.core.budget.Enforcement;
import dev.strata.core.catalog.ModelCatalog;
import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.ledger.UsageSource;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.InferenceConfig;
import dev.strata.core.model.Usage;
import dev.strata.core.money.Cost;
import dev.strata.core.money.Money;
import dev.strata.core.money.ModelPrice;
import dev.strata.core.money.PriceBook;
import dev.strata.core.money.Tier;
import dev.strata.core.money.TokenPrice;
import dev.strata.core.provider.ProviderRegistry;
import dev.strata.core.testing.FakeProvider;
import dev.strata.core.testing.InMemoryBudgetStore;
import dev.strata.core.testing.InMemoryLedger;
import dev.strata.core.testing.ManualClock;
import dev.strata.core.testing.ScriptedReply;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
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
import org.junit.jupiter.api.Test;

class ReserveBudgetTest {
  private static final ZoneId OSLO = ZoneId.of("Europe/Oslo");
  private static final LocalDate DAY = LocalDate.ofInstant(Exchanges.RECEIVED, ZoneOffset.UTC);
  private static final Principal ALICE = new Principal("key-a", "acme", "search", "", Map.of());
  private static final ModelEntry GPT = Exchanges.listed("gpt-4o", "openai", "gpt-4o");
  private static final ModelEntry CLAUDE = Exchanges.listed("claude", "anthropic", "claude");
  private static final ModelCatalog CATALOG =
      new ModelCatalog(List.of(GPT, CLAUDE), Map.of("fast", List.of("gpt-4o", "claude")));
  private static final PriceBook PRICES =
      new PriceBook(
          "test",
          List.of(
              ModelPrice.flat(
                  "gpt-4o", "openai", "test", TokenPrice.perMillion("1"), TokenPrice.perMillion("2")),
              ModelPrice.flat(
                  "claude", "anthropic", "test", TokenPrice.perMillion("3"),
                  TokenPrice.perMillion("15"))));

  private final ManualClock clock = ManualClock.at("2025-07-01T10:00:00Z");
  private final InMemoryBudgetStore store = new InMemoryBudgetStore();
  private final WorstCaseCost worstCase = new WorstCaseCost(PRICES, Duration.ofMinutes(10));

  private BudgetBook book(Budget... budgets) {
    for (Budget budget : budgets) {
      store.save(budget);
    }
    return new BudgetBook(store, OSLO, clock, AlertSink.NONE);
  }

  private static Budget budget(String id, String scope, Money limit, Enforcement enforcement) {
    return new Budget(
        id, "Budget " + id, BudgetScope.parse(scope), BudgetPeriod.DAILY, limit, enforcement,
        List.of());
  }

  private static Exchange chat(String model, int maxTokens) {
    ChatRequest request =
        ChatRequest.of(model, "What is the capital of Norway?")
            .withInference(InferenceConfig.DEFAULTS.withMaxTokens(maxTokens));
    return Exchange.preAuthenticated(
        "req-1", Exchanges.RECEIVED, System.nanoTime(), "openai", ALICE,
        new Operation.Chat(request, Optional.empty()));
  }

  /** The worst case reserved far from a limit: for the prompt's upper-bound size. */
  private Money worstOf(Exchange exchange) {
    return worstCase.of(
        exchange.operation(), CATALOG.resolve(exchange.operation().model()),
        InputEstimate.upperBound(exchange.operation()), DAY);
  }

  /** The worst case reserved near a limit: for the counted tokens. */
  private Money countedWorstOf(Exchange exchange) {
    return worstCase.of(
        exchange.operation(), CATALOG.resolve(exchange.operation().model()),
        InputEstimate.of(exchange), DAY);
  }

  private static Metering metering(Money cost) {
    return new Metering(
        Usage.of(10, 20), UsageSource.PROVIDER,
        new Cost(cost, Money.ZERO, Money.ZERO, Money.ZERO, Tier.ON_DEMAND, "test"));
  }

  /** The rest of the path: {@code model} answers, costing {@code cost}. */
  private static Step.Next served(ModelEntry model, Money cost) {
    return exchange -> {
      exchange.attempting(model);
      exchange.metered(metering(cost));
      return null;
    };
  }

  private static BudgetStatus status(BudgetBook book, String id) {
    return book.status(id).orElseThrow();
  }

  @Test
  void serve_noBudgetCovers_passesThroughWithoutCountingTokens() {
    BudgetBook book = book(budget("ads", "team:ads", Money.ofUsd("0.000001"), Enforcement.HARD));
    ReserveBudget step = new ReserveBudget(book, CATALOG, worstCase);
    Exchange exchange = chat("gpt-4o", 1_000);
    AtomicBoolean called = new AtomicBoolean();

    step.serve(exchange, e -> {
      called.set(true);
      return null;
    });

    assertThat(called).isTrue();
    assertThat(exchange.estimatedInputTokens()).isEmpty();
    assertThat(status(book, "ads").settled()).isEqualTo(Money.ZERO);
  }

  @Test
  void serve_holdsTheWorstCaseDuringTheCall_andSettlesToTheMeteredCost() {
    BudgetBook book = book(budget("team", "team:search", Money.ofUsd("1"), Enforcement.HARD));
    ReserveBudget step = new ReserveBudget(book, CATALOG, worstCase);
    Exchange exchange = chat("gpt-4o", 1_000);
    Money worst = worstOf(chat("gpt-4o", 1_000));
    List<Money> heldDuringCall = new ArrayList<>();

    step.serve(
        exchange,
        e -> {
          heldDuringCall.add(status(book, "team").reserved());
          return served(GPT, Money.ofMicros(1_234)).proceed(e);
        });

    // the prompt's upper bound with its margin at $1/M plus 1,000 output tokens at $2/M
    long input = WorstCaseCost.withMargin(InputEstimate.upperBound(exchange.operation()));
    assertThat(worst).isEqualTo(Money.ofPico(input * 1_000_000 + 1_000 * 2_000_000L));
    assertThat(exchange.estimatedInputTokens()).as("far from the limit: no tokenizer").isEmpty();
    assertThat(heldDuringCall).containsExactly(worst);
    assertThat(status(book, "team").reserved()).isEqualTo(Money.ZERO);
    assertThat(status(book, "team").settled()).isEqualTo(Money.ofMicros(1_234));
  }

  @Test
  void serve_overAHardBudget_refusesBeforeTheRestOfThePath() {
    BudgetBook book = book(budget("team", "team:search", Money.ofUsd("0.001"), Enforcement.HARD));
    ReserveBudget step = new ReserveBudget(book, CATALOG, worstCase);

    assertThatThrownBy(() -> step.serve(chat("gpt-4o", 1_000), Exchanges.unreachable()))
        .isInstanceOfSatisfying(
            StrataException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.QUOTA_EXCEEDED))
        .hasMessageContaining("Budget 'Budget team'");
    assertThat(status(book, "team").reserved()).isEqualTo(Money.ZERO);
  }

  @Test
  void serve_softBudget_letsTheRequestThrough() {
    BudgetBook book = book(budget("team", "team:search", Money.ofUsd("0.001"), Enforcement.SOFT));
    ReserveBudget step = new ReserveBudget(book, CATALOG, worstCase);

    step.serve(chat("gpt-4o", 1_000), served(GPT, Money.ofUsd("0.5")));

    assertThat(status(book, "team").settled()).isEqualTo(Money.ofUsd("0.5"));
  }

  @Test
  void serve_failureBeforeAnyUsage_releasesTheReservation() {
    BudgetBook book = book(budget("team", "team:search", Money.ofUsd("0.01"), Enforcement.HARD));
    ReserveBudget step = new ReserveBudget(book, CATALOG, worstCase);
    StrataException upstreamDown =
        StrataException.builder(ErrorKind.UNAVAILABLE, "upstream down").build();

    for (int i = 0; i < 20; i++) {
      assertThatThrownBy(
              () ->
                  step.serve(
                      chat("gpt-4o", 1_000),
                      e -> {
                        e.attempting(GPT);
                        throw upstreamDown;
                      }))
          .isSameAs(upstreamDown);
    }

    assertThat(status(book, "team").reserved()).isEqualTo(Money.ZERO);
    assertThat(status(book, "team").settled()).isEqualTo(Money.ZERO);
    step.serve(chat("gpt-4o", 1_000), served(GPT, Money.ofMicros(1))); // room is left
  }

  @Test
  void serve_failureAfterPartialUsage_settlesWhatWasMetered() {
    BudgetBook book = book(budget("team", "team:search", Money.ofUsd("1"), Enforcement.HARD));
    ReserveBudget step = new ReserveBudget(book, CATALOG, worstCase);

    assertThatThrownBy(
            () ->
                step.serve(
                    chat("gpt-4o", 1_000),
                    e -> {
                      served(GPT, Money.ofMicros(700)).proceed(e);
                      throw StrataException.builder(ErrorKind.UPSTREAM_ERROR, "broke").build();
                    }))
        .isInstanceOf(StrataException.class);

    assertThat(status(book, "team").settled()).isEqualTo(Money.ofMicros(700));
    assertThat(status(book, "team").reserved()).isEqualTo(Money.ZERO);
  }

  @Test
  void serve_alias_reservesTheWorstCaseOfItsDearestCandidate() {
    BudgetBook book = book(budget("team", "team:search", Money.ofUsd("1"), Enforcement.HARD));
    ReserveBudget step = new ReserveBudget(book, CATALOG, worstCase);
    List<Money> held = new ArrayList<>();

    step.serve(
        chat("fast", 1_000),
        e -> {
          held.add(status(book, "team").reserved());
          return served(GPT, Money.ofMicros(5)).proceed(e);
        });

    Money claudeOnly =
        worstCase.of(
            chat("fast", 1_000).operation(), List.of(CLAUDE),
            InputEstimate.upperBound(chat("fast", 1_000).operation()), DAY);
    assertThat(held).containsExactly(claudeOnly);
    assertThat(claudeOnly).isGreaterThan(worstOf(chat("gpt-4o", 1_000)));
  }

  @Test
  void serve_modelBudget_onAnAlias_countsOnlyWhenThatModelServed() {
    BudgetBook book = book(budget("claude", "model:claude", Money.ofUsd("1"), Enforcement.HARD));
    ReserveBudget step = new ReserveBudget(book, CATALOG, worstCase);

    step.serve(chat("fast", 1_000), served(GPT, Money.ofMicros(300)));
    assertThat(status(book, "claude").settled()).isEqualTo(Money.ZERO);
    assertThat(status(book, "claude").reserved()).isEqualTo(Money.ZERO);

    step.serve(chat("fast", 1_000), served(CLAUDE, Money.ofMicros(900)));
    assertThat(status(book, "claude").settled()).isEqualTo(Money.ofMicros(900));

    // Requests that cannot reach the model are not its budget's business.
    step.serve(chat("gpt-4o", 1_000_000), served(GPT, Money.ofUsd("100")));
    assertThat(status(book, "claude").settled()).isEqualTo(Money.ofMicros(900));
  }

  @Test
  void serve_modelBudgetTooSmallForAnAliasCandidate_refusesTheAlias() {
    BudgetBook book = book(budget("claude", "model:claude", Money.ofMicros(1), Enforcement.HARD));
    ReserveBudget step = new ReserveBudget(book, CATALOG, worstCase);

    assertThatThrownBy(() -> step.serve(chat("fast", 1_000), Exchanges.unreachable()))
        .isInstanceOfSatisfying(
            StrataException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.QUOTA_EXCEEDED));
  }

  @Test
  void serve_noRoomForTheBound_countsTheTokensAndReservesTheCountedWorstCase() {
    Money counted = countedWorstOf(chat("gpt-4o", 1_000));
    Money bound = worstOf(chat("gpt-4o", 1_000));
    assertThat(counted).isLessThan(bound);
    Money limit = counted.plus(Money.ofPico((bound.picoUsd() - counted.picoUsd()) / 2));
    BudgetBook book = book(budget("team", "team:search", limit, Enforcement.HARD));
    ReserveBudget step = new ReserveBudget(book, CATALOG, worstCase);
    Exchange exchange = chat("gpt-4o", 1_000);
    List<Money> held = new ArrayList<>();

    step.serve(
        exchange,
        e -> {
          held.add(status(book, "team").reserved());
          return served(GPT, Money.ZERO).proceed(e);
        });

    assertThat(held).containsExactly(counted);
    assertThat(exchange.estimatedInputTokens()).isPresent();
  }

  @Test
  void serve_noRoomEvenForTheCountedWorstCase_refuses() {
    Money counted = countedWorstOf(chat("gpt-4o", 1_000));
    BudgetBook book =
        book(budget("team", "team:search", counted.minus(Money.ofPico(1)), Enforcement.HARD));
    ReserveBudget step = new ReserveBudget(book, CATALOG, worstCase);

    assertThatThrownBy(() -> step.serve(chat("gpt-4o", 1_000), Exchanges.unreachable()))
        .isInstanceOfSatisfying(
            StrataException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.QUOTA_EXCEEDED));
    assertThat(status(book, "team").reserved()).isEqualTo(Money.ZERO);
  }

  @Test
  void fiveHundredConcurrentRequestsThroughThePath_neverSpendMoreThanAHardBudget() {
    int requests = 500;
    CountDownLatch gate = new CountDownLatch(1);
    FakeProvider openai =
        new FakeProvider("openai")
            .reply("gpt-4o", ScriptedReply.text("Oslo.", Usage.of(10, 100)).gatedBy(gate));
    ProviderRegistry providers = new ProviderRegistry(List.of(openai));
    Money worst = countedWorstOf(chat("gpt-4o", 100));
    Money bound = worstOf(chat("gpt-4o", 100));
    Money actual = Money.ofPico(10 * 1_000_000L + 100 * 2_000_000L);
    assertThat(actual).isLessThan(worst);
    Money limit = worst.times(100).plus(Money.ofPico(worst.picoUsd() / 2)); // room for 100½
    // Far from the limit requests hold the bound; near it, the counted worst case. So at least
    // limit / bound, and at most limit / counted, are admitted while all are held.
    int fewest = (int) (limit.picoUsd() / bound.picoUsd());
    BudgetBook book = book(budget("deployment", "deployment", limit, Enforcement.HARD));
    InMemoryLedger ledger = new InMemoryLedger();
    CountDownLatch attempted = new CountDownLatch(requests);
    Step countAdmitted =
        (exchange, next) -> {
          attempted.countDown();
          return next.proceed(exchange);
        };
    RequestPath path =
        new RequestPath(
            List.of(
                new Settle(ledger, clock),
                new ReserveBudget(book, CATALOG, worstCase),
                countAdmitted,
                new Meter(new CostMeter(PRICES, providers)),
                new Route(CATALOG),
                new Invoke(providers)));
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger answered = new AtomicInteger();
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();

    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < requests; i++) {
        threads.submit(
            () -> {
              try {
                assertThat(start.await(30, TimeUnit.SECONDS)).isTrue();
                path.run(chat("gpt-4o", 100));
                answered.incrementAndGet();
              } catch (StrataException refused) {
                failures.add(refused);
                attempted.countDown();
              } catch (Throwable unexpected) {
                failures.add(unexpected);
                attempted.countDown();
              }
            });
      }
      start.countDown();
      try {
        assertThat(attempted.await(30, TimeUnit.SECONDS)).as("every request tried").isTrue();
        // Everyone admitted is now waiting on the upstream, holding a worst case.
        assertThat(status(book, "deployment").reserved()).isLessThanOrEqualTo(limit);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      } finally {
        gate.countDown(); // let the held requests finish even when an assertion failed
      }
    }

    int admitted = answered.get();
    assertThat(admitted).isBetween(fewest, 100);
    assertThat(openai.calls()).hasSize(admitted); // refused requests never went upstream
    assertThat(failures).hasSize(requests - admitted);
    assertThat(failures)
        .allSatisfy(
            failure ->
                assertThat(failure)
                    .isInstanceOfSatisfying(
                        StrataException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.QUOTA_EXCEEDED))
                    .hasMessageContaining("Budget 'Budget deployment'"));
    List<UsageRecord> records = ledger.records();
    assertThat(records).hasSize(requests);
    Money spent = records.stream().map(UsageRecord::cost).reduce(Money.ZERO, Money::plus);
    assertThat(spent).isEqualTo(actual.times(admitted));
    assertThat(spent).isLessThanOrEqualTo(limit);
    assertThat(records.stream().filter(r -> r.status().equals("quota_exceeded")))
        .hasSize(requests - admitted)
        .allSatisfy(r -> assertThat(r.cost()).isEqualTo(Money.ZERO));
    BudgetStatus status = status(book, "deployment");
    assertThat(status.settled()).isEqualTo(spent);
    assertThat(status.reserved()).isEqualTo(Money.ZERO);
  }
}
