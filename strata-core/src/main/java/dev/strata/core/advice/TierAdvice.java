package dev.strata.core.advice;

import static java.util.Objects.requireNonNull;

import dev.strata.core.money.Money;
import java.time.Instant;
import java.util.List;

/**
 * Tier advice for one window: the keys whose traffic belongs in batch, largest saving first, and
 * the models with a provisioned price, largest possible saving first.
 *
 * @param from the window's start (inclusive)
 * @param to the window's end (exclusive)
 * @param hours the whole hours of the window that provisioned advice reads
 * @param priceBook the version of the price book every price came from
 * @param options the thresholds applied
 * @param keysConsidered keys with on-demand traffic in the window
 * @param batch latency-tolerant keys that would save by batching
 * @param provisioned models with a provisioned price and on-demand traffic in the hours
 */
public record TierAdvice(
    Instant from,
    Instant to,
    WholeHours hours,
    String priceBook,
    AdviceOptions options,
    long keysConsidered,
    List<BatchCandidate> batch,
    List<ProvisionedCandidate> provisioned) {
  public TierAdvice {
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    requireNonNull(hours, "hours");
    requireNonNull(priceBook, "priceBook");
    requireNonNull(options, "options");
    batch = List.copyOf(requireNonNull(batch, "batch"));
    provisioned = List.copyOf(requireNonNull(provisioned, "provisioned"));
  }

  /** What every batch candidate would save. */
  public Money batchSaving() {
    return batch.stream().map(BatchCandidate::saving).reduce(Money.ZERO, Money::plus);
  }

  /** What every model's recommended term would save. */
  public Money provisionedSaving() {
    return provisioned.stream()
        .flatMap(candidate -> candidate.recommended().stream())
        .map(ProvisionedCandidate.TermOption::saving)
        .reduce(Money.ZERO, Money::plus);
  }
}
