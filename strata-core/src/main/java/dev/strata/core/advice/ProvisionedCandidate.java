package dev.strata.core.advice;

import static java.util.Objects.requireNonNull;

import dev.strata.core.money.Money;
import dev.strata.core.provisioned.CommitmentTerm;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * A model with a provisioned price, its sustained on-demand usage over the window's whole hours,
 * the model units that usage needs, and for each commitment term what those units would have cost
 * against what the tokens they would have carried cost on demand.
 *
 * @param priceId the price-book model
 * @param servedModels the catalog models priced by it whose traffic is counted
 * @param priceReference the provisioned price applied (model, date, source)
 * @param tokensPerMinutePerUnit what one model unit serves, from that price
 * @param hours the window's whole hours
 * @param activeHours those with any on-demand traffic to the model
 * @param requests on-demand requests in those hours
 * @param tokens their tokens, input (cached or not) plus output
 * @param onDemandCost what they cost, as metered
 * @param p50TokensPerHour the median hour's tokens (every hour counted, idle ones as 0)
 * @param p90TokensPerHour the 90th-percentile hour's tokens
 * @param sizingTokensPerHour the hour the units are sized to cover (the sizing percentile's)
 * @param modelUnits the fewest units whose capacity covers the sizing hour; 0 when it is idle
 * @param capacityTokens what those units could serve in the window's hours
 * @param carriedTokens what they would have served: each hour's tokens up to its capacity
 * @param carriedOnDemandCost what the carried tokens cost on demand: each hour's cost, in an hour
 *     over capacity scaled by the share carried (rounded down to the pico-dollar)
 * @param utilisation carried tokens / capacity tokens, rounded half-up to six places
 * @param terms one option per commitment term the price offers, in term order
 */
public record ProvisionedCandidate(
    String priceId,
    List<String> servedModels,
    String priceReference,
    long tokensPerMinutePerUnit,
    long hours,
    long activeHours,
    long requests,
    long tokens,
    Money onDemandCost,
    long p50TokensPerHour,
    long p90TokensPerHour,
    long sizingTokensPerHour,
    long modelUnits,
    long capacityTokens,
    long carriedTokens,
    Money carriedOnDemandCost,
    BigDecimal utilisation,
    List<TermOption> terms) {
  public ProvisionedCandidate {
    requireNonNull(priceId, "priceId");
    servedModels = List.copyOf(requireNonNull(servedModels, "servedModels"));
    requireNonNull(priceReference, "priceReference");
    requireNonNull(onDemandCost, "onDemandCost");
    requireNonNull(carriedOnDemandCost, "carriedOnDemandCost");
    requireNonNull(utilisation, "utilisation");
    terms = List.copyOf(requireNonNull(terms, "terms"));
  }

  /** The term with the largest positive saving (the shorter one on a tie); empty when none saves. */
  public Optional<TermOption> recommended() {
    TermOption best = null;
    for (TermOption option : terms) {
      if (option.saving().picoUsd() > 0
          && (best == null || option.saving().compareTo(best.saving()) > 0)) {
        best = option;
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * What the units cost under one commitment term over the window's hours, against what the
   * tokens they would have carried cost on demand.
   *
   * @param hourlyPerUnit the term's price per unit and hour
   * @param provisionedCost hourly price × units × hours
   * @param saving carried on-demand cost − provisioned cost: negative is a loss
   * @param breakEvenUtilisation the utilisation at which the term costs what on demand does, at
   *     the carried tokens' average on-demand price (rounded half-up to six places; above 1 means
   *     it never pays); empty when nothing carried had a cost
   */
  public record TermOption(
      CommitmentTerm term,
      Money hourlyPerUnit,
      Money provisionedCost,
      Money saving,
      Optional<BigDecimal> breakEvenUtilisation) {
    public TermOption {
      requireNonNull(term, "term");
      requireNonNull(hourlyPerUnit, "hourlyPerUnit");
      requireNonNull(provisionedCost, "provisionedCost");
      requireNonNull(saving, "saving");
      requireNonNull(breakEvenUtilisation, "breakEvenUtilisation");
    }
  }
}
