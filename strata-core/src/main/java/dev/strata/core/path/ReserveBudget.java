package dev.strata.core.path;

import static java.util.Objects.requireNonNull;

import dev.strata.core.auth.Principal;
import dev.strata.core.budget.BudgetBook;
import dev.strata.core.budget.Reservation;
import dev.strata.core.catalog.ModelCatalog;
import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.money.Money;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Reserves the request's worst-case cost in every budget that covers it before anything is sent
 * upstream, and settles the reservation to the metered cost once the rest of the path is done —
 * answered, failed or refused. Over a hard budget the request is refused here.
 */
public final class ReserveBudget implements Step {
  private final BudgetBook book;
  private final ModelCatalog catalog;
  private final WorstCaseCost worstCase;

  public ReserveBudget(BudgetBook book, ModelCatalog catalog, WorstCaseCost worstCase) {
    this.book = requireNonNull(book, "book");
    this.catalog = requireNonNull(catalog, "catalog");
    this.worstCase = requireNonNull(worstCase, "worstCase");
  }

  /**
   * Reserves the worst case for the prompt's upper-bound size — no tokenizer, a few microseconds —
   * and only when a hard budget has no room for that counts the tokens and tries again, so no
   * request is refused on the bound alone. Near a limit, in-flight reservations hold more than
   * needed (the bound is several times the token count for prose) until they settle.
   */
  private Reservation reserve(
      Exchange exchange,
      Principal principal,
      String requested,
      List<ModelEntry> candidates,
      List<String> models) {
    Operation operation = exchange.operation();
    LocalDate day = LocalDate.ofInstant(exchange.receivedAt(), ZoneOffset.UTC);
    try {
      Money bound = worstCase.of(operation, candidates, InputEstimate.upperBound(operation), day);
      return book.reserve(principal, requested, models, bound);
    } catch (StrataException noRoomForTheBound) {
      if (noRoomForTheBound.kind() != ErrorKind.QUOTA_EXCEEDED) {
        throw noRoomForTheBound;
      }
      Money counted = worstCase.of(operation, candidates, InputEstimate.of(exchange), day);
      return book.reserve(principal, requested, models, counted);
    }
  }

  @Override
  public Answer serve(Exchange exchange, Next next) {
    Principal principal = exchange.principal().orElseThrow();
    String requested = exchange.operation().model();
    List<ModelEntry> candidates = catalog.resolve(requested);
    List<String> models = CoveredModels.of(requested, candidates);
    if (!book.covers(principal, models)) {
      return next.proceed(exchange);
    }
    Reservation reservation = reserve(exchange, principal, requested, candidates, models);
    try {
      return next.proceed(exchange);
    } finally {
      reservation.settle(
          exchange.metering().map(metering -> metering.cost().total()).orElse(Money.ZERO),
          exchange.servedBy().map(ModelEntry::name));
    }
  }
}
