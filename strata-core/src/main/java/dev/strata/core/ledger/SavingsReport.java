package dev.strata.core.ledger;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/** The savings view of a period: every request together, then each lever's traffic on its own. */
public record SavingsReport(Instant from, Instant to, SavingsRow overall, List<SavingsRow> levers) {
  public SavingsReport {
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    requireNonNull(overall, "overall");
    levers = List.copyOf(requireNonNull(levers, "levers"));
  }
}
