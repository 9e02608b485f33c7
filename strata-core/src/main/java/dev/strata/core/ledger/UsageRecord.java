package dev.strata.core.ledger;

import static java.util.Objects.requireNonNull;

import dev.strata.core.auth.Principal;
import dev.strata.core.cache.ResponseCacheStatus;
import dev.strata.core.model.Usage;
import dev.strata.core.money.Money;
import dev.strata.core.money.Tier;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * One metered request as appended to the ledger: who, what was asked and what served it, what it
 * used and cost, and where each number came from.
 *
 * @param requestId Strata's id for the request, also returned to the caller
 * @param startedAt when Strata received the request
 * @param finishedAt when the response (or stream) ended
 * @param principal who is billed
 * @param wireFormat the frontend the request arrived on, e.g. {@code openai}
 * @param operation e.g. {@code chat} or {@code embeddings}
 * @param requestedModel the model or alias the caller named
 * @param servedModel the model that served it (empty when none did)
 * @param provider the provider that served it (empty when none did)
 * @param usage token counts by kind
 * @param usageSource whether the counts were reported or estimated
 * @param cost the exact cost
 * @param priceReference which price (model, date, source) the cost came from
 * @param tier the pricing tier
 * @param streamed whether the response was streamed
 * @param status {@code ok} or the error kind, lower case
 * @param httpStatus the status the caller saw
 * @param latencyMillis total time in Strata
 * @param timeToFirstTokenMillis for streams, time until the first content was relayed
 * @param responseCache what the response cache did ({@code none} where no cache applies)
 * @param savedCost for a response-cache hit, the cost the cached answer originally had
 */
public record UsageRecord(
    String requestId,
    Instant startedAt,
    Instant finishedAt,
    Principal principal,
    String wireFormat,
    String operation,
    String requestedModel,
    String servedModel,
    String provider,
    Usage usage,
    UsageSource usageSource,
    Money cost,
    String priceReference,
    Tier tier,
    boolean streamed,
    String status,
    int httpStatus,
    long latencyMillis,
    OptionalLong timeToFirstTokenMillis,
    ResponseCacheStatus responseCache,
    Money savedCost) {

  public UsageRecord {
    requireNonNull(requestId, "requestId");
    requireNonNull(startedAt, "startedAt");
    requireNonNull(finishedAt, "finishedAt");
    requireNonNull(principal, "principal");
    requireNonNull(wireFormat, "wireFormat");
    requireNonNull(operation, "operation");
    requireNonNull(requestedModel, "requestedModel");
    requireNonNull(servedModel, "servedModel");
    requireNonNull(provider, "provider");
    requireNonNull(usage, "usage");
    requireNonNull(usageSource, "usageSource");
    requireNonNull(cost, "cost");
    requireNonNull(priceReference, "priceReference");
    requireNonNull(tier, "tier");
    requireNonNull(status, "status");
    requireNonNull(timeToFirstTokenMillis, "timeToFirstTokenMillis");
    requireNonNull(responseCache, "responseCache");
    requireNonNull(savedCost, "savedCost");
  }

  /** A record of a request the response cache played no part in. */
  public UsageRecord(
      String requestId,
      Instant startedAt,
      Instant finishedAt,
      Principal principal,
      String wireFormat,
      String operation,
      String requestedModel,
      String servedModel,
      String provider,
      Usage usage,
      UsageSource usageSource,
      Money cost,
      String priceReference,
      Tier tier,
      boolean streamed,
      String status,
      int httpStatus,
      long latencyMillis,
      OptionalLong timeToFirstTokenMillis) {
    this(
        requestId, startedAt, finishedAt, principal, wireFormat, operation, requestedModel,
        servedModel, provider, usage, usageSource, cost, priceReference, tier, streamed, status,
        httpStatus, latencyMillis, timeToFirstTokenMillis, ResponseCacheStatus.NONE, Money.ZERO);
  }

  /** This record with the response cache's part in it. */
  public UsageRecord withResponseCache(ResponseCacheStatus status, Money saved) {
    return new UsageRecord(
        requestId, startedAt, finishedAt, principal, wireFormat, operation, requestedModel,
        servedModel, provider, usage, usageSource, cost, priceReference, tier, streamed, this.status,
        httpStatus, latencyMillis, timeToFirstTokenMillis, status, saved);
  }

  /**
   * The value of the {@code cache} cost dimension: {@code hit-exact} or {@code hit-semantic} when
   * the response cache answered, else the prompt-cache status ({@code read}, {@code write} or
   * {@code none}).
   */
  public String cacheDimension() {
    return responseCache.isHit() ? responseCache.wireName() : CacheStatus.of(usage).wireName();
  }

  public boolean isSuccess() {
    return "ok".equals(status);
  }
}
