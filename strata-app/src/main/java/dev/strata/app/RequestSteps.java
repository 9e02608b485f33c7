package dev.strata.app;

import static java.util.Objects.requireNonNull;

import dev.strata.core.ledger.Ledger;
import dev.strata.core.path.Admit;
import dev.strata.core.path.Authenticate;
import dev.strata.core.path.Invoke;
import dev.strata.core.path.Meter;
import dev.strata.core.path.ReserveBudget;
import dev.strata.core.path.Route;
import dev.strata.core.path.Settle;
import dev.strata.core.path.Step;
import dev.strata.core.path.Validate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The steps every request path shares, in their fixed order. Interactive requests and batch
 * records run the same steps; they differ only in the ledger their usage is settled to and in the
 * response cache, which only interactive requests consult.
 */
record RequestSteps(
    Authenticate authenticate,
    Validate validate,
    ReserveBudget reserveBudget,
    Admit admit,
    Meter meter,
    Route route,
    Optional<Step> promptCache,
    Invoke invoke,
    Clock clock) {

  RequestSteps {
    requireNonNull(authenticate, "authenticate");
    requireNonNull(validate, "validate");
    requireNonNull(reserveBudget, "reserveBudget");
    requireNonNull(admit, "admit");
    requireNonNull(meter, "meter");
    requireNonNull(route, "route");
    requireNonNull(promptCache, "promptCache");
    requireNonNull(invoke, "invoke");
    requireNonNull(clock, "clock");
  }

  /** The path that settles usage to {@code ledger}, answering from {@code responseCache} if given. */
  List<Step> settlingTo(Ledger ledger, Optional<Step> responseCache) {
    List<Step> steps =
        new ArrayList<>(List.of(authenticate, validate, new Settle(ledger, clock), reserveBudget, admit));
    responseCache.ifPresent(steps::add);
    steps.add(meter);
    steps.add(route);
    promptCache.ifPresent(steps::add);
    steps.add(invoke);
    return steps;
  }
}
