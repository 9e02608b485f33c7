package dev.strata.bench;

import dev.strata.core.auth.Principal;
import dev.strata.core.budget.AlertSink;
import dev.strata.core.budget.BudgetBook;
import dev.strata.core.budget.Reservation;
import dev.strata.core.catalog.ModelCatalog;
import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.catalog.PriceSource;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.InferenceConfig;
import dev.strata.core.model.Message;
import dev.strata.core.model.ResponseFormat;
import dev.strata.core.model.StopReason;
import dev.strata.core.model.Usage;
import dev.strata.core.money.ModelPrice;
import dev.strata.core.money.Money;
import dev.strata.core.money.PriceBook;
import dev.strata.core.money.PriceBookLoader;
import dev.strata.core.money.Tier;
import dev.strata.core.path.Admit;
import dev.strata.core.path.Answer;
import dev.strata.core.path.CostMeter;
import dev.strata.core.path.Exchange;
import dev.strata.core.path.Invoke;
import dev.strata.core.path.Meter;
import dev.strata.core.path.Operation;
import dev.strata.core.path.RequestPath;
import dev.strata.core.path.ReserveBudget;
import dev.strata.core.path.Route;
import dev.strata.core.path.Settle;
import dev.strata.core.path.WorstCaseCost;
import dev.strata.core.provider.ProviderRegistry;
import dev.strata.core.ratelimit.Admission;
import dev.strata.core.ratelimit.RateLimiter;
import dev.strata.core.tokens.OpenAiTokenCounters;
import dev.strata.core.tokens.RequestTokenEstimator;
import dev.strata.core.tokens.TokenCounter;
import dev.strata.store.Database;
import dev.strata.store.SqlBudgetStore;
import dev.strata.store.SqlRateLimitStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The two request paths the benchmark compares, wired as strata-app wires them — without and with
 * {@code ReserveBudget → Admit} — over the {@link SpendControlsScenario}'s budgets and rate limits
 * kept in a real SQLite store, plus the prompts, the principals and the separately timed parts of
 * the two steps' work.
 */
final class SpendControlsFixture implements AutoCloseable {
  static final int MAX_TOKENS = 1024;
  static final int OUTPUT_TOKENS = 120;
  private static final int PROMPTS = 8;
  private static final Duration LOCAL_WORST_CASE = Duration.ofMinutes(10);

  private final Path file;
  private final Database database;
  private final CountingStores stores;
  private final Clock clock = Clock.systemUTC();
  private final ModelCatalog catalog;
  private final BudgetBook book;
  private final RateLimiter limiter;
  private final WorstCaseCost worstCase;
  private final DiscardingLedger ledger = new DiscardingLedger();
  private final RequestPath withoutControls;
  private final RequestPath withControls;
  private final ReserveBudget reserveBudget;
  private final Admit admit;
  private final Answer answer;
  private final List<Principal> principals = SpendControlsScenario.principals();
  private final List<Operation.Chat> operations;
  private final long[] estimates;
  private final Money settledCost;

  private SpendControlsFixture(Path file, Database database, int promptTokens) {
    this.file = file;
    this.database = database;
    this.stores =
        new CountingStores(
            new SqlBudgetStore(database, clock), new SqlRateLimitStore(database, clock));
    SpendControlsScenario.budgets().forEach(stores.budgets()::save);
    SpendControlsScenario.rateLimits().forEach(stores.rateLimits()::save);
    PriceBook prices = PriceBookLoader.shipped();
    this.catalog =
        new ModelCatalog(
            List.of(
                model(SpendControlsScenario.MODEL, 16_384),
                model(SpendControlsScenario.OTHER_MODEL, 8_192)),
            Map.of());
    this.book = new BudgetBook(stores.budgets(), ZoneId.of("UTC"), clock, AlertSink.NONE);
    this.limiter = new RateLimiter(stores.rateLimits(), System::nanoTime);
    this.worstCase = new WorstCaseCost(prices, LOCAL_WORST_CASE);
    ProviderRegistry providers =
        new ProviderRegistry(
            List.of(new InstantProvider("bench", Usage.of(promptTokens, OUTPUT_TOKENS))));
    Settle settle = new Settle(ledger, clock);
    Meter meter = new Meter(new CostMeter(prices, providers));
    Route route = new Route(catalog);
    Invoke invoke = new Invoke(providers);
    this.withoutControls = new RequestPath(List.of(settle, meter, route, invoke));
    this.reserveBudget = new ReserveBudget(book, catalog, worstCase);
    this.admit = new Admit(limiter, catalog);
    this.withControls =
        new RequestPath(List.of(settle, reserveBudget, admit, meter, route, invoke));
    this.answer =
        new Answer.Chat(
            new ChatResponse(
                Message.assistant("ok"),
                StopReason.END_TURN,
                Optional.of(Usage.of(promptTokens, OUTPUT_TOKENS))));
    TokenCounter counter = OpenAiTokenCounters.forModel(SpendControlsScenario.MODEL);
    this.operations = new ArrayList<>(PROMPTS);
    this.estimates = new long[PROMPTS];
    for (int p = 0; p < PROMPTS; p++) {
      ChatRequest request = request(promptTokens, counter, p);
      operations.add(new Operation.Chat(request, Optional.empty()));
      estimates[p] = new RequestTokenEstimator(counter).inputTokens(request);
    }
    ModelPrice price =
        prices.priceOn(SpendControlsScenario.MODEL, LocalDate.now(clock)).orElseThrow();
    this.settledCost =
        price
            .inputAt(Tier.ON_DEMAND)
            .times(promptTokens)
            .plus(price.outputAt(Tier.ON_DEMAND).times(OUTPUT_TOKENS));
  }

  /** Sets up a fresh SQLite database in a temporary file, deleted on {@link #close}. */
  static SpendControlsFixture open(int promptTokens) {
    Path file;
    try {
      file = Files.createTempFile("strata-spend-bench", ".db");
      Files.delete(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary database file", e);
    }
    Database database = Database.open("jdbc:sqlite:" + file);
    try {
      return new SpendControlsFixture(file, database, promptTokens);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  /** Runs request {@code i} of a thread through the path without budgets and rate limits. */
  void runWithout(int thread, long i) {
    withoutControls.run(exchange(thread, i));
  }

  /** Runs request {@code i} of a thread through the path with ReserveBudget and Admit. */
  void runWith(int thread, long i) {
    withControls.run(exchange(thread, i));
  }

  /**
   * Serves request {@code i} through ReserveBudget alone, the rest of the path answering at once:
   * the prompt's UTF-8 bound, the worst case, the reservation in every covering budget, and its
   * release (nothing was metered).
   */
  void reserveBudgetAlone(int thread, long i) {
    reserveBudget.serve(exchange(thread, i), rest -> answer);
  }

  /**
   * Serves request {@code i} through Admit alone, the rest of the path answering at once: the
   * characters / 4 estimate plus {@code max_tokens}, admission in every covering bucket, and its
   * settlement (nothing was metered).
   */
  void admitAlone(int thread, long i) {
    admit.serve(exchange(thread, i), rest -> answer);
  }

  /**
   * The prompt's exact token count, as ReserveBudget makes it only when a hard budget has no room
   * for the bound (and Admit then reuses).
   */
  long estimateTokens(long i, String model) {
    return new RequestTokenEstimator(OpenAiTokenCounters.forModel(model))
        .inputTokens(operation(i).request());
  }

  /** ReserveBudget's own work, given the token estimate: worst case, reservation, settlement. */
  void reserveAndSettle(int thread, long i) {
    Principal principal = principal(thread, i);
    Operation.Chat operation = operation(i);
    String requested = operation.model();
    List<ModelEntry> candidates = catalog.resolve(requested);
    List<String> models = models(requested, candidates);
    if (!book.covers(principal, models)) {
      throw new IllegalStateException("no budget covers " + principal.keyId());
    }
    LocalDate day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    Money worst = worstCase.of(operation, candidates, estimates[(int) (i % PROMPTS)], day);
    Reservation reservation = book.reserve(principal, requested, models, worst);
    reservation.settle(settledCost, Optional.of(candidates.get(0).name()));
  }

  /** Admit's own work, given the token estimate: admission and settlement of every bucket. */
  void admitAndSettle(int thread, long i) {
    Principal principal = principal(thread, i);
    String requested = operation(i).model();
    List<String> models = models(requested, catalog.resolve(requested));
    if (!limiter.covers(principal, models)) {
      throw new IllegalStateException("no rate limit covers " + principal.keyId());
    }
    Admission admission =
        limiter.admit(principal, models, estimates[(int) (i % PROMPTS)] + MAX_TOKENS);
    admission.settle(estimates[(int) (i % PROMPTS)] + OUTPUT_TOKENS);
  }

  BudgetBook budgets() {
    return book;
  }

  SpendControlsReport.StoreCalls storeCalls() {
    return stores.counts();
  }

  long ledgerRecords() {
    return ledger.appended();
  }

  /** The prompt's size as the benchmark's tokenizer counts it, averaged over the prompts. */
  long meanPromptTokens() {
    long sum = 0;
    for (long estimate : estimates) {
      sum += estimate;
    }
    return sum / estimates.length;
  }

  /** The prompt's text in UTF-8 bytes, averaged over the prompts: what ReserveBudget reserves. */
  int meanPromptBytes() {
    long bytes = 0;
    for (Operation.Chat operation : operations) {
      bytes += operation.request().systemText().getBytes(StandardCharsets.UTF_8).length;
      for (Message message : operation.request().messages()) {
        bytes += message.text().getBytes(StandardCharsets.UTF_8).length;
      }
    }
    return (int) (bytes / operations.size());
  }

  int meanPromptChars() {
    long chars = 0;
    for (Operation.Chat operation : operations) {
      chars += operation.request().systemText().length();
      for (Message message : operation.request().messages()) {
        chars += message.text().length();
      }
    }
    return (int) (chars / operations.size());
  }

  private Exchange exchange(int thread, long i) {
    return Exchange.preAuthenticated(
        "bench-" + thread + "-" + i,
        clock.instant(),
        System.nanoTime(),
        "openai",
        principal(thread, i),
        operation(i));
  }

  private Principal principal(int thread, long i) {
    return principals.get((int) ((thread * 5L + i) % principals.size()));
  }

  private Operation.Chat operation(long i) {
    return operations.get((int) (i % PROMPTS));
  }

  private static List<String> models(String requested, List<ModelEntry> candidates) {
    List<String> models = new ArrayList<>(candidates.size() + 1);
    models.add(requested);
    candidates.forEach(model -> models.add(model.name()));
    return models;
  }

  private static ModelEntry model(String name, int maxOutput) {
    return new ModelEntry(
        name, "bench", name, new PriceSource.Listed(name), OptionalInt.of(maxOutput), false);
  }

  /**
   * A conversation of about {@code tokens} tokens: a system prompt (a tenth), a long user turn, a
   * short assistant reply and a follow-up question; {@code max_tokens} set, as most clients do.
   */
  private static ChatRequest request(int tokens, TokenCounter counter, int seed) {
    int system = Math.max(10, tokens / 10);
    int reply = Math.max(10, tokens / 20);
    int followUp = Math.max(10, tokens / 20);
    int user = Math.max(10, tokens - system - reply - followUp - 16);
    return new ChatRequest(
        SpendControlsScenario.MODEL,
        List.of(new ContentBlock.Text(PromptText.of(system, counter, seed * 4L))),
        List.of(
            Message.user(PromptText.of(user, counter, seed * 4L + 1)),
            Message.assistant(PromptText.of(reply, counter, seed * 4L + 2)),
            Message.user(PromptText.of(followUp, counter, seed * 4L + 3))),
        InferenceConfig.DEFAULTS.withMaxTokens(MAX_TOKENS),
        Optional.empty(),
        new ResponseFormat.Text(),
        Map.of());
  }

  @Override
  public void close() {
    database.close();
    for (String suffix : List.of("", "-wal", "-shm")) {
      try {
        Files.deleteIfExists(Path.of(file + suffix));
      } catch (IOException e) {
        // a temporary file left behind is harmless; the benchmark's result stands
      }
    }
  }
}
