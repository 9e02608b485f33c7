package dev.strata.core.path;

import static java.util.Objects.requireNonNull;

import dev.strata.core.auth.Principal;
import dev.strata.core.catalog.ModelCatalog;
import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.ratelimit.Admission;
import dev.strata.core.ratelimit.RateLimiter;
import java.util.List;

/**
 * Lets the request through the rate limits that count it — requests per minute, and tokens per
 * minute for its estimated input (a quarter token per character, unless the tokens were already
 * counted) plus {@code max_tokens} — or refuses it with a retry-after; once answered, the token
 * buckets are charged what the request really used.
 */
public final class Admit implements Step {
  private final RateLimiter limiter;
  private final ModelCatalog catalog;

  public Admit(RateLimiter limiter, ModelCatalog catalog) {
    this.limiter = requireNonNull(limiter, "limiter");
    this.catalog = requireNonNull(catalog, "catalog");
  }

  @Override
  public Answer serve(Exchange exchange, Next next) {
    Principal principal = exchange.principal().orElseThrow();
    String requested = exchange.operation().model();
    List<ModelEntry> candidates = catalog.resolve(requested);
    List<String> models = CoveredModels.of(requested, candidates);
    if (!limiter.covers(principal, models)) {
      return next.proceed(exchange);
    }
    // The exact count when an earlier step made one; otherwise OpenAI's own estimate (a quarter
    // token per character): settlement charges the real usage either way.
    long input =
        exchange.estimatedInputTokens().orElseGet(() -> InputEstimate.charEstimate(exchange.operation()));
    long admitted = input + InputEstimate.maxOutputTokens(exchange.operation()).orElse(0);
    Admission admission = limiter.admit(principal, models, admitted);
    try {
      return next.proceed(exchange);
    } finally {
      admission.settle(exchange.metering().map(metering -> metering.usage().totalTokens()).orElse(0L));
    }
  }
}
