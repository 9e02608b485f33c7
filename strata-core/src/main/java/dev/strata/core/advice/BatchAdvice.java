package dev.strata.core.advice;

import dev.strata.core.money.CostCalculator;
import dev.strata.core.money.ModelPrice;
import dev.strata.core.money.Money;
import dev.strata.core.money.PriceBook;
import dev.strata.core.money.Tier;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Finds the batch candidates in keys' traffic: per key, the share of requests not streamed, and
 * the non-streamed requests on models with a batch price re-priced at it, day by day.
 */
final class BatchAdvice {
  private static final int SHARE_SCALE = 4;

  private final PriceBook prices;
  private final PriceIds priceIds;
  private final BigDecimal tolerantShare;

  BatchAdvice(PriceBook prices, PriceIds priceIds, BigDecimal tolerantShare) {
    this.prices = prices;
    this.priceIds = priceIds;
    this.tolerantShare = tolerantShare;
  }

  /** The candidates among {@code traffic}, largest saving first, and how many keys were seen. */
  Result candidates(List<KeyTraffic> traffic) {
    Map<Owner, KeyTotals> keys = new TreeMap<>(Owner.ORDER);
    for (KeyTraffic row : traffic) {
      keys.computeIfAbsent(
              new Owner(row.keyId(), row.tenant(), row.team(), row.app()), k -> new KeyTotals())
          .add(row);
    }
    List<BatchCandidate> candidates = new ArrayList<>();
    keys.forEach(
        (key, totals) -> {
          if (totals.requests == 0 || !isLatencyTolerant(totals)) {
            return;
          }
          List<BatchCandidate.ModelLine> lines =
              totals.models.values().stream()
                  .map(ModelTotals::line)
                  .sorted(
                      Comparator.comparing(BatchCandidate.ModelLine::saving)
                          .reversed()
                          .thenComparing(BatchCandidate.ModelLine::model))
                  .toList();
          BatchCandidate candidate =
              new BatchCandidate(
                  key.keyId(),
                  key.tenant(),
                  key.team(),
                  key.app(),
                  totals.requests,
                  totals.streamed,
                  BigDecimal.valueOf(totals.requests - totals.streamed)
                      .divide(BigDecimal.valueOf(totals.requests), SHARE_SCALE, RoundingMode.HALF_UP),
                  totals.unbatchable,
                  lines);
          if (candidate.saving().picoUsd() > 0) {
            candidates.add(candidate);
          }
        });
    candidates.sort(
        Comparator.comparing(BatchCandidate::saving)
            .reversed()
            .thenComparing(BatchCandidate::keyId));
    return new Result(candidates, keys.size());
  }

  /** Exactly: requests not streamed ≥ share × requests. */
  private boolean isLatencyTolerant(KeyTotals totals) {
    BigDecimal notStreamed = BigDecimal.valueOf(totals.requests - totals.streamed);
    return notStreamed.compareTo(tolerantShare.multiply(BigDecimal.valueOf(totals.requests))) >= 0;
  }

  record Result(List<BatchCandidate> candidates, long keysConsidered) {}

  /** A key as the ledger attributes it. */
  private record Owner(String keyId, String tenant, String team, String app) {
    static final Comparator<Owner> ORDER =
        Comparator.comparing(Owner::keyId)
            .thenComparing(Owner::tenant)
            .thenComparing(Owner::team)
            .thenComparing(Owner::app);
  }

  private final class KeyTotals {
    private long requests;
    private long streamed;
    private long unbatchable;
    private final Map<String, ModelTotals> models = new TreeMap<>();

    void add(KeyTraffic row) {
      requests += row.requests();
      if (row.streamed()) {
        streamed += row.requests();
        return;
      }
      Optional<String> priceId =
          row.servedModel().isEmpty() ? Optional.empty() : priceIds.priceId(row.servedModel());
      Optional<ModelPrice> price =
          priceId.flatMap(id -> prices.priceOn(id, row.day())).filter(BatchAdvice::hasBatchPrice);
      if (price.isEmpty()) {
        unbatchable += row.requests();
        return;
      }
      models
          .computeIfAbsent(row.servedModel(), model -> new ModelTotals(model, priceId.get()))
          .add(row, price.get());
    }
  }

  private static boolean hasBatchPrice(ModelPrice price) {
    return price.batchInput().isPresent() || price.batchOutput().isPresent();
  }

  private static final class ModelTotals {
    private final String model;
    private final String priceId;
    private final TreeSet<String> references = new TreeSet<>();
    private long requests;
    private long input;
    private long output;
    private long cacheRead;
    private long cacheWrite;
    private Money onDemand = Money.ZERO;
    private Money batch = Money.ZERO;

    ModelTotals(String model, String priceId) {
      this.model = model;
      this.priceId = priceId;
    }

    void add(KeyTraffic row, ModelPrice price) {
      requests += row.requests();
      input += row.usage().inputTokens();
      output += row.usage().outputTokens();
      cacheRead += row.usage().cacheReadInputTokens();
      cacheWrite += row.usage().cacheWriteInputTokens();
      onDemand = onDemand.plus(row.cost());
      batch = batch.plus(CostCalculator.cost(price, row.usage(), Tier.BATCH).total());
      references.add(price.reference());
    }

    BatchCandidate.ModelLine line() {
      return new BatchCandidate.ModelLine(
          model,
          priceId,
          List.copyOf(references),
          requests,
          input,
          output,
          cacheRead,
          cacheWrite,
          onDemand,
          batch);
    }
  }
}
