package dev.strata.core.path;

import static java.util.Objects.requireNonNull;

import dev.strata.core.auth.Principal;
import dev.strata.core.budget.BudgetBook;
import dev.strata.core.budget.Reservation;
import dev.strata.core.catalog.ModelCatalog;
import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.money.Money;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
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

  @Override
  public Answer serve(Exchange exchange, Next next) {
    Principal principal = exchange.principal().orElseThrow();
    String requested = exchange.operation().model();
    List<ModelEntry> candidates = catalog.resolve(requested);
    List<String> models = new ArrayList<>(candidates.size() + 1);
    models.add(requested);
    candidates.forEach(model -> models.add(model.name()));
    if (!book.covers(principal, models)) {
      return next.proceed(exchange);
    }
    LocalDate day = LocalDate.ofInstant(exchange.receivedAt(), ZoneOffset.UTC);
    Money worst =
        worstCase.of(exchange.operation(), candidates, InputEstimate.of(exchange), day);
    Reservation reservation = book.reserve(principal, requested, models, worst);
    try {
      return next.proceed(exchange);
    } finally {
      reservation.settle(
          exchange.metering().map(metering -> metering.cost().total()).orElse(Money.ZERO),
          exchange.servedBy().map(ModelEntry::name));
    }
  }
}
