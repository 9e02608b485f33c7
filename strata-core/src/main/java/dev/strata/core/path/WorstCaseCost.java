package dev.strata.core.path;

import static java.util.Objects.requireNonNull;

import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.catalog.PriceSource;
import dev.strata.core.money.Money;
import dev.strata.core.money.ModelPrice;
import dev.strata.core.money.PriceBook;
import dev.strata.core.money.Tier;
import dev.strata.core.money.TokenPrice;
import java.math.BigInteger;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The most a request can cost, before it is sent: its estimated input tokens — with a margin, since
 * providers' tokenizers count differently from the estimate — at the input price (the cache-write
 * price when the request places cache points), plus its {@code max_tokens} (or, without one, the
 * model's maximum output) at the output price; the largest over every model it may be served by.
 * A model priced by machine time costs at most the ceiling on how long one request may hold a slot.
 */
public final class WorstCaseCost {
  /** The output assumed for a model whose maximum output is unknown and a request without one. */
  public static final int UNKNOWN_MAX_OUTPUT_TOKENS = 32_768;

  private static final BigInteger NANOS_PER_HOUR = BigInteger.valueOf(3_600_000_000_000L);

  private final PriceBook priceBook;
  private final Duration machineTimeCeiling;

  public WorstCaseCost(PriceBook priceBook, Duration machineTimeCeiling) {
    this.priceBook = requireNonNull(priceBook, "priceBook");
    this.machineTimeCeiling = requireNonNull(machineTimeCeiling, "machineTimeCeiling");
  }

  /** Input tokens with the margin for tokenizer differences: a quarter more, plus 16. */
  static long withMargin(long estimatedInputTokens) {
    return estimatedInputTokens + estimatedInputTokens / 4 + 16;
  }

  public Money of(
      Operation operation, List<ModelEntry> candidates, long estimatedInputTokens, LocalDate day) {
    Money worst = Money.ZERO;
    for (ModelEntry model : candidates) {
      Money cost = forModel(operation, model, withMargin(estimatedInputTokens), day);
      if (cost.compareTo(worst) > 0) {
        worst = cost;
      }
    }
    return worst;
  }

  private Money forModel(Operation operation, ModelEntry model, long inputTokens, LocalDate day) {
    return switch (model.pricing()) {
      case PriceSource.MachineTime machine -> machineCeiling(machine);
      case PriceSource.Provisioned provisioned -> Money.ZERO; // paid by the hour, not per call
      case PriceSource.Listed listed -> {
        Optional<ModelPrice> price = priceBook.priceOn(listed.priceId(), day);
        if (price.isEmpty()) {
          yield Money.ZERO; // unpriced models are metered at $0 (and warned about) too
        }
        long outputTokens =
            InputEstimate.maxOutputTokens(operation)
                .orElse(model.maxOutputTokens().orElse(UNKNOWN_MAX_OUTPUT_TOKENS));
        yield inputPrice(operation, price.get())
            .times(inputTokens)
            .plus(price.get().outputAt(Tier.ON_DEMAND).times(outputTokens));
      }
    };
  }

  private static TokenPrice inputPrice(Operation operation, ModelPrice price) {
    TokenPrice input = price.inputAt(Tier.ON_DEMAND);
    if (operation instanceof Operation.Chat chat && InputEstimate.hasCachePoints(chat.request())) {
      long most =
          Math.max(
              input.picoUsdPerToken(),
              Math.max(
                  price.cacheWrite5mPrice().picoUsdPerToken(),
                  price.cacheWrite1hPrice().picoUsdPerToken()));
      return new TokenPrice(most);
    }
    return input;
  }

  private Money machineCeiling(PriceSource.MachineTime machine) {
    return Money.ofPico(
        BigInteger.valueOf(machine.perHour().picoUsd())
            .multiply(BigInteger.valueOf(machineTimeCeiling.toNanos()))
            .divide(NANOS_PER_HOUR.multiply(BigInteger.valueOf(machine.parallelSlots())))
            .longValueExact());
  }
}
