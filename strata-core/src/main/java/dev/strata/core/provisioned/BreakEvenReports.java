package dev.strata.core.provisioned;

import static java.util.Objects.requireNonNull;

import dev.strata.core.error.StrataException;
import dev.strata.core.money.PriceBook;
import java.time.Instant;

/** Builds break-even reports from the provisioned models, the ledger's sums and the price book. */
public final class BreakEvenReports {
  private final ProvisionedStore store;
  private final ProvisionedUsage usage;
  private final PriceBook prices;

  public BreakEvenReports(ProvisionedStore store, ProvisionedUsage usage, PriceBook prices) {
    this.store = requireNonNull(store, "store");
    this.usage = requireNonNull(usage, "usage");
    this.prices = requireNonNull(prices, "prices");
  }

  /**
   * The report over [{@code from}, {@code to}).
   *
   * @throws StrataException INVALID_REQUEST when {@code from} is not before {@code to}
   */
  public BreakEvenReport report(Instant from, Instant to) {
    if (!from.isBefore(to)) {
      throw StrataException.invalid(
          "since", "'since' (" + from + ") must be before 'until' (" + to + ").");
    }
    return BreakEvenReport.of(from, to, store.lifetimes(), usage.usage(from, to), prices);
  }

  @Override
  public String toString() {
    return "BreakEvenReports[" + store + ", " + usage + "]";
  }
}
