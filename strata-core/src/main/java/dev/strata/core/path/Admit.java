package dev.strata.core.path;

import static java.util.Objects.requireNonNull;

import dev.strata.core.auth.Principal;
import dev.strata.core.catalog.ModelCatalog;
import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.catalog.PriceSource;
import dev.strata.core.money.Tier;
import dev.strata.core.provisioned.CapacityLanes;
import dev.strata.core.ratelimit.Admission;
import dev.strata.core.ratelimit.Priority;
import dev.strata.core.ratelimit.RateLimiter;
import java.util.List;
import java.util.Optional;

/**
 * Lets the request through the limits that count it, or refuses it with a retry-after; once
 * answered, the tokens are charged what the request really used. A request for a provisioned model
 * (every model it may be served by is priced {@link PriceSource.Provisioned}) passes that model's
 * capacity lane only, never the on-demand rate limits; any other request passes the rate limits
 * that count it — requests per minute, and tokens per minute for its estimated input (a quarter
 * token per character, unless the tokens were already counted) plus {@code max_tokens} — batch
 * records at {@link Priority#BATCH}, leaving headroom for interactive traffic.
 */
public final class Admit implements Step {
  private final RateLimiter limiter;
  private final ModelCatalog catalog;
  private final CapacityLanes lanes;

  /** Rate limits only: provisioned models pass unthrottled. */
  public Admit(RateLimiter limiter, ModelCatalog catalog) {
    this(limiter, catalog, CapacityLanes.none());
  }

  public Admit(RateLimiter limiter, ModelCatalog catalog, CapacityLanes lanes) {
    this.limiter = requireNonNull(limiter, "limiter");
    this.catalog = requireNonNull(catalog, "catalog");
    this.lanes = requireNonNull(lanes, "lanes");
  }

  @Override
  public Answer serve(Exchange exchange, Next next) {
    Principal principal = exchange.principal().orElseThrow();
    String requested = exchange.operation().model();
    List<ModelEntry> candidates = catalog.resolve(requested);
    Optional<PriceSource.Provisioned> provisioned = provisioned(candidates);
    Admission admission;
    if (provisioned.isPresent()) {
      admission =
          lanes.admit(
              principal, provisioned.get().provisionedModelArn(), requested, tokens(exchange));
    } else {
      List<String> models = CoveredModels.of(requested, candidates);
      if (!limiter.covers(principal, models)) {
        return next.proceed(exchange);
      }
      admission = limiter.admit(principal, models, tokens(exchange), priority(exchange));
    }
    try {
      return next.proceed(exchange);
    } finally {
      admission.settle(
          exchange.metering().map(metering -> metering.usage().totalTokens()).orElse(0L));
    }
  }

  /** The lane of the first candidate, when every candidate is a provisioned model. */
  private static Optional<PriceSource.Provisioned> provisioned(List<ModelEntry> candidates) {
    boolean allProvisioned =
        !candidates.isEmpty()
            && candidates.stream().allMatch(c -> c.pricing() instanceof PriceSource.Provisioned);
    return allProvisioned && candidates.get(0).pricing() instanceof PriceSource.Provisioned lane
        ? Optional.of(lane)
        : Optional.empty();
  }

  /** Batch records yield to interactive traffic: they leave headroom in every bucket they use. */
  private static Priority priority(Exchange exchange) {
    return exchange.billing().recorded() == Tier.BATCH ? Priority.BATCH : Priority.INTERACTIVE;
  }

  /**
   * The tokens to admit: the exact input count when an earlier step made one, otherwise OpenAI's
   * own estimate (a quarter token per character), plus {@code max_tokens}; settlement charges the
   * real usage either way.
   */
  private static long tokens(Exchange exchange) {
    long input =
        exchange
            .estimatedInputTokens()
            .orElseGet(() -> InputEstimate.charEstimate(exchange.operation()));
    return input + InputEstimate.maxOutputTokens(exchange.operation()).orElse(0);
  }
}
