package dev.strata.core.advice;

import dev.strata.core.money.Money;
import dev.strata.core.money.PriceBook;
import dev.strata.core.money.ProvisionedPrice;
import dev.strata.core.provisioned.CommitmentTerm;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Sizes provisioned capacity for each model with a provisioned price from its hourly on-demand
 * usage, and prices the units under each commitment term against the on-demand cost of what they
 * would have carried.
 */
final class ProvisionedAdvice {
  private static final int RATIO_SCALE = 6;
  private static final long MINUTES_PER_HOUR = 60;

  private final PriceBook prices;
  private final PriceIds priceIds;
  private final int sizingPercentile;

  ProvisionedAdvice(PriceBook prices, PriceIds priceIds, int sizingPercentile) {
    this.prices = prices;
    this.priceIds = priceIds;
    this.sizingPercentile = sizingPercentile;
  }

  /**
   * The candidates among {@code rows} over {@code hours}, at the provisioned prices in force on
   * {@code priceDay}; the largest possible saving first.
   */
  List<ProvisionedCandidate> candidates(List<ModelHour> rows, WholeHours hours, LocalDate priceDay) {
    if (hours.count() == 0) {
      return List.of();
    }
    Map<String, ModelTotals> models = new TreeMap<>();
    for (ModelHour row : rows) {
      if (!hours.contains(row.hour())) {
        continue;
      }
      priceIds
          .priceId(row.servedModel())
          .ifPresent(id -> models.computeIfAbsent(id, ModelTotals::new).add(row));
    }
    List<ProvisionedCandidate> candidates = new ArrayList<>();
    models.forEach(
        (priceId, totals) ->
            prices
                .provisionedPriceOn(priceId, priceDay)
                .ifPresent(price -> candidates.add(candidate(totals, price, hours.count()))));
    candidates.sort(
        Comparator.comparing(ProvisionedAdvice::bestSaving)
            .reversed()
            .thenComparing(ProvisionedCandidate::priceId));
    return candidates;
  }

  private static Money bestSaving(ProvisionedCandidate candidate) {
    return candidate.terms().stream()
        .map(ProvisionedCandidate.TermOption::saving)
        .max(Comparator.naturalOrder())
        .orElse(Money.ofPico(Long.MIN_VALUE));
  }

  private ProvisionedCandidate candidate(ModelTotals totals, ProvisionedPrice price, long hours) {
    long[] perHour = new long[Math.toIntExact(hours)];
    int at = 0;
    for (long[] sums : totals.hours.values()) {
      perHour[at++] = sums[1];
    }
    Arrays.sort(perHour);
    long sizing = percentile(perHour, sizingPercentile);
    long perUnitHour = Math.multiplyExact(price.tokensPerMinutePerUnit(), MINUTES_PER_HOUR);
    long units = Math.max(1, Math.ceilDiv(sizing, perUnitHour));
    long capacityPerHour = Math.multiplyExact(units, perUnitHour);
    long carried = 0;
    Money carriedCost = Money.ZERO;
    for (Map.Entry<Instant, long[]> hour : totals.hours.entrySet()) {
      long tokens = hour.getValue()[1];
      Money cost = totals.costs.get(hour.getKey());
      if (tokens <= capacityPerHour) {
        carried += tokens;
        carriedCost = carriedCost.plus(cost);
      } else {
        carried += capacityPerHour;
        carriedCost = carriedCost.plus(share(cost, capacityPerHour, tokens));
      }
    }
    long capacity = Math.multiplyExact(hours, capacityPerHour);
    List<ProvisionedCandidate.TermOption> terms = new ArrayList<>();
    for (CommitmentTerm term : CommitmentTerm.values()) {
      Optional<Money> hourly = term.hourlyPerUnit(price);
      if (hourly.isEmpty()) {
        continue;
      }
      Money provisioned = hourly.get().times(units).times(hours);
      terms.add(
          new ProvisionedCandidate.TermOption(
              term,
              hourly.get(),
              provisioned,
              carriedCost.minus(provisioned),
              breakEven(provisioned, carried, carriedCost, capacity)));
    }
    long requests = 0;
    long tokens = 0;
    for (long[] sums : totals.hours.values()) {
      requests += sums[0];
      tokens += sums[1];
    }
    return new ProvisionedCandidate(
        totals.priceId,
        List.copyOf(totals.servedModels),
        price.reference(),
        price.tokensPerMinutePerUnit(),
        hours,
        totals.hours.size(),
        requests,
        tokens,
        totals.costs.values().stream().reduce(Money.ZERO, Money::plus),
        percentile(perHour, 50),
        percentile(perHour, 90),
        sizing,
        units,
        capacity,
        carried,
        carriedCost,
        ratio(BigInteger.valueOf(carried), BigInteger.valueOf(capacity)),
        terms);
  }

  /** The nearest-rank percentile of sorted values: the smallest value at least p % are at or below. */
  static long percentile(long[] sorted, int p) {
    int rank = Math.toIntExact(Math.ceilDiv((long) p * sorted.length, 100L));
    return sorted[Math.max(rank, 1) - 1];
  }

  /** {@code cost} × {@code part} / {@code whole}, rounded down to the pico-dollar. */
  private static Money share(Money cost, long part, long whole) {
    return Money.ofPico(
        BigInteger.valueOf(cost.picoUsd())
            .multiply(BigInteger.valueOf(part))
            .divide(BigInteger.valueOf(whole))
            .longValueExact());
  }

  /**
   * provisioned cost × carried / (carried cost × capacity): the share of capacity that, at the
   * carried tokens' average on-demand price, would have cost on demand what the units cost.
   */
  private static Optional<BigDecimal> breakEven(
      Money provisioned, long carried, Money carriedCost, long capacity) {
    if (carriedCost.picoUsd() <= 0 || capacity == 0) {
      return Optional.empty();
    }
    return Optional.of(
        ratio(
            BigInteger.valueOf(provisioned.picoUsd()).multiply(BigInteger.valueOf(carried)),
            BigInteger.valueOf(carriedCost.picoUsd()).multiply(BigInteger.valueOf(capacity))));
  }

  private static BigDecimal ratio(BigInteger numerator, BigInteger denominator) {
    return denominator.signum() == 0
        ? BigDecimal.ZERO.setScale(RATIO_SCALE)
        : new BigDecimal(numerator)
            .divide(new BigDecimal(denominator), RATIO_SCALE, RoundingMode.HALF_UP);
  }

  /** One price-book model's hourly sums, over every served model it prices. */
  private static final class ModelTotals {
    private final String priceId;
    private final TreeSet<String> servedModels = new TreeSet<>();
    private final Map<Instant, long[]> hours = new TreeMap<>();
    private final Map<Instant, Money> costs = new TreeMap<>();

    ModelTotals(String priceId) {
      this.priceId = priceId;
    }

    void add(ModelHour row) {
      servedModels.add(row.servedModel());
      long[] sums = hours.computeIfAbsent(row.hour(), hour -> new long[2]);
      sums[0] += row.requests();
      sums[1] = Math.addExact(sums[1], row.tokens());
      costs.merge(row.hour(), row.cost(), Money::plus);
    }
  }
}
