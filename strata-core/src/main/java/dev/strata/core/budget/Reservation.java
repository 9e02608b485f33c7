package dev.strata.core.budget;

import dev.strata.core.money.Money;
import java.util.Optional;

/** The worst-case cost a request holds in its budgets until it settles. */
public interface Reservation {
  /** Holds nothing: no budget covers the request. */
  Reservation NONE = (actual, servedModel) -> {};

  /**
   * Settles the request to what it really cost (zero when it failed before any usage) and releases
   * the rest of the reservation. Call exactly once.
   */
  void settle(Money actual, Optional<String> servedModel);
}
