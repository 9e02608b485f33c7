package dev.strata.core.path;

import static java.util.Objects.requireNonNull;

import dev.strata.core.ledger.UsageSource;
import dev.strata.core.model.Usage;
import dev.strata.core.money.Cost;

/** What a request used and cost, and whether the counts were reported or estimated. */
public record Metering(Usage usage, UsageSource source, Cost cost) {
  public Metering {
    requireNonNull(usage, "usage");
    requireNonNull(source, "source");
    requireNonNull(cost, "cost");
  }
}
