package dev.strata.core.money;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * What reserved capacity for one model costs from one date on: the tokens per minute one model unit
 * serves, and the hourly price of a unit with no commitment, a one-month or a six-month term (a
 * term the price book has no price for cannot be bought).
 *
 * @param modelId the price-book model this capacity serves
 * @param effectiveFrom the first day these prices apply
 * @param source where the numbers were published, or why they are an assumption
 * @param tokensPerMinutePerUnit input plus output tokens one model unit serves per minute
 * @param hourlyNoCommitment per unit and hour without a commitment
 * @param hourlyOneMonth per unit and hour under a one-month commitment
 * @param hourlySixMonths per unit and hour under a six-month commitment
 */
public record ProvisionedPrice(
    String modelId,
    LocalDate effectiveFrom,
    String source,
    long tokensPerMinutePerUnit,
    Optional<Money> hourlyNoCommitment,
    Optional<Money> hourlyOneMonth,
    Optional<Money> hourlySixMonths) {

  public ProvisionedPrice {
    requireNonNull(modelId, "modelId");
    requireNonNull(effectiveFrom, "effectiveFrom");
    requireNonNull(source, "source");
    requireNonNull(hourlyNoCommitment, "hourlyNoCommitment");
    requireNonNull(hourlyOneMonth, "hourlyOneMonth");
    requireNonNull(hourlySixMonths, "hourlySixMonths");
    if (tokensPerMinutePerUnit < 1) {
      throw new IllegalArgumentException("tokensPerMinutePerUnit must be at least 1");
    }
    if (hourlyNoCommitment.isEmpty() && hourlyOneMonth.isEmpty() && hourlySixMonths.isEmpty()) {
      throw new IllegalArgumentException("a provisioned price needs at least one hourly price");
    }
    for (Optional<Money> hourly : List.of(hourlyNoCommitment, hourlyOneMonth, hourlySixMonths)) {
      if (hourly.filter(Money::isNegative).isPresent()) {
        throw new IllegalArgumentException("an hourly price cannot be negative");
      }
    }
  }

  /** A short reference for the ledger: model, date and source. */
  public String reference() {
    return modelId + "@" + effectiveFrom + " provisioned (" + source + ")";
  }
}
