package dev.strata.core.budget;

import static java.util.Objects.requireNonNull;

import dev.strata.core.auth.Principal;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.money.Money;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The budgets of this gateway and what each has settled and reserved in its current period. A
 * request reserves its worst-case cost in every budget that covers it, atomically: either every
 * hard budget has room and all are charged, or none is and the request is refused. It settles to
 * its real cost afterwards, which then counts toward alert thresholds.
 *
 * <p>One lock guards every window: reserving is a handful of additions, far cheaper than any
 * lock-free scheme across several budgets. The periods' opening spend comes from the store when
 * the book starts and when a budget is created; after that the book sees every settlement itself.
 */
public final class BudgetBook {
  private final BudgetStore store;
  private final ZoneId zone;
  private final Clock clock;
  private final AlertSink alerts;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Window> windows = new HashMap<>();
  private final List<Runnable> changeListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile List<Budget> budgets;

  public BudgetBook(BudgetStore store, ZoneId zone, Clock clock, AlertSink alerts) {
    this.store = requireNonNull(store, "store");
    this.zone = requireNonNull(zone, "zone");
    this.clock = requireNonNull(clock, "clock");
    this.alerts = requireNonNull(alerts, "alerts");
    Instant now = clock.instant();
    List<Budget> stored = store.all();
    for (Budget budget : stored) {
      windows.put(budget.id(), opening(budget, now));
    }
    this.budgets = List.copyOf(stored);
    for (Budget budget : stored) {
      catchUpAlerts(budget.id());
    }
  }

  public ZoneId zone() {
    return zone;
  }

  /** Whether any budget covers a request by {@code principal} for one of {@code models}. */
  public boolean covers(Principal principal, Collection<String> models) {
    for (Budget budget : budgets) {
      if (budget.scope().covers(principal, models)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Reserves {@code worstCase} in every budget covering the request.
   *
   * @param requestedModel the model or alias the caller named
   * @param models the requested model and every model it may be served by
   * @throws StrataException {@code QUOTA_EXCEEDED}, naming the budget, when a hard budget has no
   *     room for the worst case
   */
  public Reservation reserve(
      Principal principal, String requestedModel, Collection<String> models, Money worstCase) {
    requireNonNull(principal, "principal");
    requireNonNull(requestedModel, "requestedModel");
    List<Budget> covering = new ArrayList<>();
    for (Budget budget : budgets) {
      if (budget.scope().covers(principal, models)) {
        covering.add(budget);
      }
    }
    if (covering.isEmpty()) {
      return Reservation.NONE;
    }
    long pico = Math.max(0, worstCase.picoUsd());
    Instant now = clock.instant();
    List<Window> held = new ArrayList<>(covering.size());
    lock.lock();
    try {
      for (Budget budget : covering) {
        Window window = current(budget, now);
        if (window == null) {
          continue; // deleted since the snapshot was read
        }
        if (window.budget.isHard() && !window.fits(pico)) {
          throw refusal(window, Money.ofPico(pico));
        }
        held.add(window);
      }
      for (Window window : held) {
        window.reservedPico += pico;
      }
    } finally {
      lock.unlock();
    }
    return new Held(principal, requestedModel, held, pico);
  }

  /** Every budget with its current period's figures. */
  public List<BudgetStatus> statuses() {
    Instant now = clock.instant();
    List<BudgetStatus> statuses = new ArrayList<>();
    lock.lock();
    try {
      for (Budget budget : budgets) {
        Window window = current(budget, now);
        if (window != null) {
          statuses.add(status(window, now));
        }
      }
    } finally {
      lock.unlock();
    }
    return statuses;
  }

  public Optional<BudgetStatus> status(String id) {
    return statuses().stream().filter(s -> s.budget().id().equals(id)).findFirst();
  }

  /** Stores a new or changed budget and starts enforcing it at once. */
  public void save(Budget budget) {
    requireNonNull(budget, "budget");
    store.save(budget);
    boolean sameWindow;
    lock.lock();
    try {
      Window existing = windows.get(budget.id());
      sameWindow =
          existing != null
              && existing.budget.scope().equals(budget.scope())
              && existing.budget.period() == budget.period();
      if (sameWindow) {
        existing.budget = budget;
      }
    } finally {
      lock.unlock();
    }
    if (!sameWindow) {
      Window fresh = opening(budget, clock.instant()); // reads the store: outside the lock
      lock.lock();
      try {
        windows.put(budget.id(), fresh);
      } finally {
        lock.unlock();
      }
    }
    publish(budget.id(), Optional.of(budget));
    catchUpAlerts(budget.id());
  }

  /** Stops enforcing and deletes a budget; false when there is none with this id. */
  public boolean delete(String id) {
    boolean deleted = store.delete(id);
    lock.lock();
    try {
      windows.remove(id);
    } finally {
      lock.unlock();
    }
    publish(id, Optional.empty());
    return deleted;
  }

  /** Runs {@code listener} after every budget is created, changed or deleted. */
  public void onChange(Runnable listener) {
    changeListeners.add(requireNonNull(listener, "listener"));
  }

  /** The budgets being enforced. */
  public List<Budget> budgets() {
    return budgets;
  }

  private void publish(String id, Optional<Budget> replacement) {
    replaceSnapshot(id, replacement);
    changeListeners.forEach(Runnable::run);
  }

  private synchronized void replaceSnapshot(String id, Optional<Budget> replacement) {
    List<Budget> next = new ArrayList<>();
    for (Budget budget : budgets) {
      if (!budget.id().equals(id)) {
        next.add(budget);
      }
    }
    replacement.ifPresent(next::add);
    budgets = List.copyOf(next);
  }

  /** The budget's window for {@code now}, rolled over to a fresh period when the last one ended. */
  private Window current(Budget budget, Instant now) {
    Window window = windows.get(budget.id());
    if (window == null || window.contains(now)) {
      return window;
    }
    Instant start = budget.period().start(now, zone);
    Window next = new Window(window.budget, start, budget.period().end(start, zone), Money.ZERO);
    windows.put(budget.id(), next);
    return next;
  }

  private Window opening(Budget budget, Instant now) {
    Instant start = budget.period().start(now, zone);
    Instant end = budget.period().end(start, zone);
    return new Window(budget, start, end, store.spent(budget.scope(), start, end));
  }

  private BudgetStatus status(Window window, Instant now) {
    Optional<Money> forecast = Optional.empty();
    if (window.budget.period() != BudgetPeriod.TOTAL) {
      long elapsed = Math.max(Duration.between(window.start, now).toMillis(), 60_000L);
      long length = Duration.between(window.start, window.end).toMillis();
      forecast =
          Optional.of(
              Money.ofPico(
                  BigInteger.valueOf(window.settledPico)
                      .multiply(BigInteger.valueOf(length))
                      .divide(BigInteger.valueOf(Math.min(elapsed, length)))
                      .longValueExact()));
    }
    return new BudgetStatus(
        window.budget, window.start, window.end, window.settled(), window.reserved(), forecast);
  }

  private static StrataException refusal(Window window, Money worstCase) {
    Budget budget = window.budget;
    return StrataException.builder(
            ErrorKind.QUOTA_EXCEEDED,
            "Budget '"
                + budget.name()
                + "' ("
                + budget.limit().toUsdString()
                + " "
                + budget.period().wireName()
                + ", "
                + budget.scope().wireForm()
                + ") has "
                + window.settled().toUsdString()
                + " spent and "
                + window.reserved().toUsdString()
                + " reserved by requests in flight; this request could cost up to "
                + worstCase.toUsdString()
                + ". Lower max_tokens, wait for the next period or raise the budget.")
        .build();
  }

  /** A reservation in one or more budgets' windows. */
  private final class Held implements Reservation {
    private final Principal principal;
    private final String requestedModel;
    private final List<Window> windows;
    private final long reservedPico;
    private boolean settled;

    Held(Principal principal, String requestedModel, List<Window> windows, long reservedPico) {
      this.principal = principal;
      this.requestedModel = requestedModel;
      this.windows = windows;
      this.reservedPico = reservedPico;
    }

    @Override
    public void settle(Money actual, Optional<String> servedModel) {
      long cost = Math.max(0, actual.picoUsd());
      List<String> counted = new ArrayList<>(2);
      counted.add(requestedModel);
      servedModel.ifPresent(counted::add);
      List<BudgetAlert> crossed = new ArrayList<>();
      Instant now = clock.instant();
      lock.lock();
      try {
        if (settled) {
          throw new IllegalStateException("a reservation settles once");
        }
        settled = true;
        for (Window window : windows) {
          window.reservedPico -= reservedPico;
          if (cost > 0 && window.budget.scope().covers(principal, counted)) {
            long before = window.settledPico;
            window.settledPico += cost;
            collectCrossings(window, before, crossed, now);
          }
        }
      } finally {
        lock.unlock();
      }
      deliver(crossed);
    }
  }

  /**
   * Sends the alerts of thresholds the window's spend has already reached — for a period that
   * opens past some of them, or a limit lowered below the spend — unless they were sent before.
   */
  private void catchUpAlerts(String budgetId) {
    List<BudgetAlert> reached = new ArrayList<>();
    lock.lock();
    try {
      Window window = windows.get(budgetId);
      if (window != null && window.settledPico > 0) {
        collectCrossings(window, -1, reached, clock.instant());
      }
    } finally {
      lock.unlock();
    }
    deliver(reached);
  }

  private void deliver(List<BudgetAlert> crossed) {
    for (BudgetAlert alert : crossed) {
      if (store.markAlerted(alert.budget().id(), alert.periodStart(), alert.percent())) {
        alerts.send(alert);
      }
    }
  }

  private static void collectCrossings(
      Window window, long before, List<BudgetAlert> crossed, Instant now) {
    BigInteger limit = BigInteger.valueOf(window.budget.limit().picoUsd());
    for (int percent : window.budget.alertPercents()) {
      BigInteger threshold = limit.multiply(BigInteger.valueOf(percent));
      boolean wasBelow = BigInteger.valueOf(before).multiply(HUNDRED).compareTo(threshold) < 0;
      boolean isAtOrAbove =
          BigInteger.valueOf(window.settledPico).multiply(HUNDRED).compareTo(threshold) >= 0;
      if (wasBelow && isAtOrAbove) {
        crossed.add(
            new BudgetAlert(
                window.budget, percent, window.settled(), window.start, window.end, now));
      }
    }
  }

  private static final BigInteger HUNDRED = BigInteger.valueOf(100);
}
