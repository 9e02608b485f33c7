package dev.strata.core.advice;

import static java.util.Objects.requireNonNull;

import dev.strata.core.money.Money;
import java.math.BigDecimal;
import java.util.List;

/**
 * A latency-tolerant key whose traffic would have cost less as batch work: its on-demand requests
 * that were not streamed, on models with a batch price, at what they cost against what the same
 * tokens cost at the batch price.
 *
 * @param requests the key's on-demand requests in the window, streamed or not
 * @param streamedRequests those that were streamed
 * @param notStreamedShare the share not streamed, rounded half-up to four places for display
 * @param unbatchableRequests requests not streamed on models without a batch price
 * @param models the models its batchable traffic went to, largest saving first
 */
public record BatchCandidate(
    String keyId,
    String tenant,
    String team,
    String app,
    long requests,
    long streamedRequests,
    BigDecimal notStreamedShare,
    long unbatchableRequests,
    List<ModelLine> models) {
  public BatchCandidate {
    requireNonNull(keyId, "keyId");
    requireNonNull(tenant, "tenant");
    requireNonNull(team, "team");
    requireNonNull(app, "app");
    requireNonNull(notStreamedShare, "notStreamedShare");
    models = List.copyOf(requireNonNull(models, "models"));
  }

  /** What the batchable traffic cost on demand. */
  public Money onDemandCost() {
    return models.stream().map(ModelLine::onDemandCost).reduce(Money.ZERO, Money::plus);
  }

  /** What it would have cost at batch prices. */
  public Money batchCost() {
    return models.stream().map(ModelLine::batchCost).reduce(Money.ZERO, Money::plus);
  }

  /** On-demand cost minus batch cost. */
  public Money saving() {
    return onDemandCost().minus(batchCost());
  }

  /**
   * One served model's share of a key's batchable traffic.
   *
   * @param model the served model
   * @param priceId the price-book entry that prices it
   * @param priceReferences the entries (model, date, source) whose batch prices were applied, one
   *     per price in force on the days of the traffic
   * @param onDemandCost what the requests cost, as metered
   * @param batchCost the same tokens at the batch price in force on their day
   */
  public record ModelLine(
      String model,
      String priceId,
      List<String> priceReferences,
      long requests,
      long inputTokens,
      long outputTokens,
      long cacheReadTokens,
      long cacheWriteTokens,
      Money onDemandCost,
      Money batchCost) {
    public ModelLine {
      requireNonNull(model, "model");
      requireNonNull(priceId, "priceId");
      priceReferences = List.copyOf(requireNonNull(priceReferences, "priceReferences"));
      requireNonNull(onDemandCost, "onDemandCost");
      requireNonNull(batchCost, "batchCost");
    }

    /** On-demand cost minus batch cost. */
    public Money saving() {
      return onDemandCost.minus(batchCost);
    }
  }
}
