package dev.strata.core.provisioned;

import static java.util.Objects.requireNonNull;

import dev.strata.core.model.Usage;
import dev.strata.core.money.Money;
import java.time.LocalDate;

/**
 * What the ledger holds for one provisioned model on one UTC day: the hours accrued and their cost,
 * and the requests served through it with their tokens by kind.
 */
public record LaneUsage(
    String provisionedModelArn,
    LocalDate day,
    long hours,
    Money accruedCost,
    long requests,
    long inputTokens,
    long outputTokens,
    long cacheReadTokens,
    long cacheWrite5mTokens,
    long cacheWrite1hTokens) {
  public LaneUsage {
    requireNonNull(provisionedModelArn, "provisionedModelArn");
    requireNonNull(day, "day");
    requireNonNull(accruedCost, "accruedCost");
  }

  /** The tokens served, as one usage. */
  public Usage usage() {
    return new Usage(
        inputTokens, outputTokens, cacheReadTokens, cacheWrite5mTokens, cacheWrite1hTokens);
  }

  public long tokens() {
    return usage().totalTokens();
  }
}
