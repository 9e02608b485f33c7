package dev.strata.core.advice;

import static java.util.Objects.requireNonNull;

import dev.strata.core.error.StrataException;
import dev.strata.core.money.PriceBook;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Turns the ledger's sums over a window into tier advice: batch candidates from the keys' traffic,
 * re-priced at the batch prices in force on each day, and provisioned candidates from the models'
 * hourly usage, priced at the provisioned prices in force on the window's last day.
 */
public final class TierAdvisor {
  private final TierUsage usage;
  private final PriceBook prices;
  private final AdviceOptions options;
  private final BatchAdvice batch;
  private final ProvisionedAdvice provisioned;

  public TierAdvisor(TierUsage usage, PriceBook prices, PriceIds priceIds, AdviceOptions options) {
    this.usage = requireNonNull(usage, "usage");
    this.prices = requireNonNull(prices, "prices");
    requireNonNull(priceIds, "priceIds");
    this.options = requireNonNull(options, "options");
    this.batch = new BatchAdvice(prices, priceIds, options.latencyTolerantShare());
    this.provisioned = new ProvisionedAdvice(prices, priceIds, options.sizingPercentile());
  }

  /**
   * The advice for [{@code from}, {@code to}).
   *
   * @throws StrataException INVALID_REQUEST when {@code from} is not before {@code to}
   */
  public TierAdvice advise(Instant from, Instant to) {
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    if (!from.isBefore(to)) {
      throw StrataException.invalid(
          "since", "'since' (" + from + ") must be before 'until' (" + to + ").");
    }
    BatchAdvice.Result batchResult = batch.candidates(usage.keyTraffic(from, to));
    WholeHours hours = WholeHours.within(from, to);
    LocalDate priceDay = LocalDate.ofInstant(to.minusNanos(1), ZoneOffset.UTC);
    return new TierAdvice(
        from,
        to,
        hours,
        prices.version(),
        options,
        batchResult.keysConsidered(),
        batchResult.candidates(),
        provisioned.candidates(usage.modelHours(from, to), hours, priceDay));
  }

  @Override
  public String toString() {
    return "TierAdvisor[" + usage + ", " + prices + ", " + options + "]";
  }
}
