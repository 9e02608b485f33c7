package dev.strata.core.provisioned;

import static java.util.Objects.requireNonNull;

import dev.strata.core.money.CostCalculator;
import dev.strata.core.money.ModelPrice;
import dev.strata.core.money.Money;
import dev.strata.core.money.PriceBook;
import dev.strata.core.money.ProvisionedPrice;
import dev.strata.core.money.Tier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether provisioning paid off, per provisioned model over a period: the hours billed and their
 * cost, the tokens served through the model and what they would have cost on demand at the base
 * model's list price, the utilisation of the capacity those hours reserved, and the saving (or,
 * negative, the loss) against on demand.
 */
public record BreakEvenReport(Instant from, Instant to, List<Line> lines) {
  private static final int RATIO_SCALE = 6;
  private static final long MINUTES_PER_HOUR = 60;

  public BreakEvenReport {
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    lines = List.copyOf(lines);
  }

  /**
   * One provisioned model's figures for the period.
   *
   * @param model the model as last stored
   * @param deletedAt when it was deleted, if it was
   * @param hours whole hours billed in the period
   * @param accruedCost what those hours cost
   * @param requests requests served through the model
   * @param tokensServed their tokens, input (cached or not) plus output
   * @param capacityTokens the tokens its units could have served in those hours
   * @param onDemandCost what the served tokens would have cost on demand at the base model's price
   * @param onDemandPriced false when some served tokens had no on-demand price (so were counted at
   *     $0)
   * @param utilisation tokens served / capacity tokens, 0 without capacity
   * @param saving on-demand cost − accrued cost: positive saved, negative lost
   * @param breakEvenUtilisation the utilisation at which provisioning costs the same as on demand,
   *     for the token mix served; empty when nothing priced was served
   */
  public record Line(
      ProvisionedModel model,
      Optional<Instant> deletedAt,
      long hours,
      Money accruedCost,
      long requests,
      long tokensServed,
      long capacityTokens,
      Money onDemandCost,
      boolean onDemandPriced,
      BigDecimal utilisation,
      Money saving,
      Optional<BigDecimal> breakEvenUtilisation) {
    public Line {
      requireNonNull(model, "model");
      requireNonNull(deletedAt, "deletedAt");
      requireNonNull(accruedCost, "accruedCost");
      requireNonNull(onDemandCost, "onDemandCost");
      requireNonNull(utilisation, "utilisation");
      requireNonNull(saving, "saving");
      requireNonNull(breakEvenUtilisation, "breakEvenUtilisation");
    }

    /** Whether provisioning cost less than on demand would have. */
    public boolean isSaving() {
      return saving.picoUsd() > 0;
    }
  }

  /**
   * The report over [{@code from}, {@code to}) for the models alive in it, from the ledger's sums
   * {@code usage} and the price book.
   */
  public static BreakEvenReport of(
      Instant from,
      Instant to,
      List<ProvisionedLifetime> models,
      List<LaneUsage> usage,
      PriceBook prices) {
    List<Line> lines = new ArrayList<>();
    for (ProvisionedLifetime life : models) {
      ProvisionedModel model = life.model();
      boolean alive =
          model.createdAt().isBefore(to) && life.deletedAt().map(from::isBefore).orElse(true);
      List<LaneUsage> days =
          usage.stream().filter(day -> day.provisionedModelArn().equals(model.arn())).toList();
      if (alive || !days.isEmpty()) {
        lines.add(line(life, days, prices));
      }
    }
    return new BreakEvenReport(from, to, lines);
  }

  private static Line line(ProvisionedLifetime life, List<LaneUsage> days, PriceBook prices) {
    ProvisionedModel model = life.model();
    long hours = 0;
    long requests = 0;
    long tokens = 0;
    long capacity = 0;
    Money accrued = Money.ZERO;
    Money onDemand = Money.ZERO;
    boolean priced = true;
    for (LaneUsage day : days) {
      hours += day.hours();
      requests += day.requests();
      tokens += day.tokens();
      accrued = accrued.plus(day.accruedCost());
      Optional<ProvisionedPrice> provisioned =
          prices.provisionedPriceOn(model.basePriceId(), day.day());
      if (provisioned.isPresent()) {
        capacity +=
            Math.multiplyExact(
                Math.multiplyExact(day.hours(), MINUTES_PER_HOUR),
                Math.multiplyExact(
                    provisioned.get().tokensPerMinutePerUnit(), (long) model.modelUnits()));
      }
      if (day.tokens() > 0) {
        Optional<ModelPrice> list = prices.priceOn(model.basePriceId(), day.day());
        if (list.isPresent()) {
          onDemand =
              onDemand.plus(CostCalculator.cost(list.get(), day.usage(), Tier.ON_DEMAND).total());
        } else {
          priced = false;
        }
      }
    }
    BigDecimal utilisation =
        capacity == 0
            ? BigDecimal.ZERO
            : BigDecimal.valueOf(tokens)
                .divide(BigDecimal.valueOf(capacity), RATIO_SCALE, RoundingMode.HALF_UP);
    Optional<BigDecimal> breakEven =
        onDemand.isZero() || capacity == 0
            ? Optional.empty()
            : Optional.of(
                new BigDecimal(
                        BigInteger.valueOf(tokens).multiply(BigInteger.valueOf(accrued.picoUsd())))
                    .divide(
                        new BigDecimal(
                            BigInteger.valueOf(capacity)
                                .multiply(BigInteger.valueOf(onDemand.picoUsd()))),
                        RATIO_SCALE,
                        RoundingMode.HALF_UP));
    return new Line(
        model,
        life.deletedAt(),
        hours,
        accrued,
        requests,
        tokens,
        capacity,
        onDemand,
        priced,
        utilisation,
        onDemand.minus(accrued),
        breakEven);
  }

  /** What every model's hours cost in the period. */
  public Money accruedCost() {
    return lines.stream().map(Line::accruedCost).reduce(Money.ZERO, Money::plus);
  }

  /** What every model's served tokens would have cost on demand. */
  public Money onDemandCost() {
    return lines.stream().map(Line::onDemandCost).reduce(Money.ZERO, Money::plus);
  }

  /** On-demand cost − accrued cost over every model. */
  public Money saving() {
    return onDemandCost().minus(accruedCost());
  }
}
