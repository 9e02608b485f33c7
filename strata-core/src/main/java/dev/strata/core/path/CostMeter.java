package dev.strata.core.path;

import static java.util.Objects.requireNonNull;

import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.catalog.PriceSource;
import dev.strata.core.ledger.UsageSource;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.EmbeddingResponse;
import dev.strata.core.model.Usage;
import dev.strata.core.money.Cost;
import dev.strata.core.money.CostCalculator;
import dev.strata.core.money.Billing;
import dev.strata.core.money.ModelPrice;
import dev.strata.core.money.Money;
import dev.strata.core.money.PriceBook;
import dev.strata.core.money.Tier;
import dev.strata.core.provider.ProviderRegistry;
import dev.strata.core.tokens.OpenAiTokenCounters;
import dev.strata.core.tokens.RequestTokenEstimator;
import dev.strata.core.tokens.TokenCounter;
import java.lang.System.Logger.Level;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Works out what a call used and cost: the provider's reported usage when there is one, otherwise
 * a count with the model's own tokenizer (or OpenAI's, as an estimate), priced exactly.
 */
public final class CostMeter {
  private static final System.Logger LOG = System.getLogger(CostMeter.class.getName());
  private static final BigInteger NANOS_PER_HOUR = BigInteger.valueOf(3_600_000_000_000L);

  private final PriceBook priceBook;
  private final ProviderRegistry providers;

  public CostMeter(PriceBook priceBook, ProviderRegistry providers) {
    this.priceBook = requireNonNull(priceBook, "priceBook");
    this.providers = requireNonNull(providers, "providers");
  }

  /** Meters a chat answer (complete, or what a broken stream delivered). */
  public Metering meterChat(
      ModelEntry model, Operation.Chat chat, ChatResponse answer, long busyNanos, LocalDate day) {
    return meterChat(model, chat, answer, busyNanos, day, Billing.ON_DEMAND);
  }

  /** Meters a chat answer billed as {@code billing} says. */
  public Metering meterChat(
      ModelEntry model,
      Operation.Chat chat,
      ChatResponse answer,
      long busyNanos,
      LocalDate day,
      Billing billing) {
    if (answer.usage().isPresent()) {
      return priced(model, answer.usage().get(), UsageSource.PROVIDER, busyNanos, day, billing);
    }
    RequestTokenEstimator estimator = new RequestTokenEstimator(tokenizer(model));
    Usage usage =
        Usage.of(estimator.inputTokens(chat.request()), estimator.outputTokens(answer.output()));
    return priced(model, usage, UsageSource.ESTIMATED, busyNanos, day, billing);
  }

  /** Meters a chat call that failed before delivering anything: the prompt may still be billed. */
  public Metering meterUndelivered(ModelEntry model, long busyNanos, LocalDate day) {
    return meterUndelivered(model, busyNanos, day, Billing.ON_DEMAND);
  }

  public Metering meterUndelivered(ModelEntry model, long busyNanos, LocalDate day, Billing billing) {
    return priced(model, Usage.ZERO, UsageSource.ESTIMATED, busyNanos, day, billing);
  }

  public Metering meterEmbeddings(
      ModelEntry model, Operation.Embed embed, EmbeddingResponse answer, long busyNanos, LocalDate day) {
    return meterEmbeddings(model, embed, answer, busyNanos, day, Billing.ON_DEMAND);
  }

  public Metering meterEmbeddings(
      ModelEntry model,
      Operation.Embed embed,
      EmbeddingResponse answer,
      long busyNanos,
      LocalDate day,
      Billing billing) {
    if (answer.inputTokens().isPresent()) {
      return priced(
          model, Usage.of(answer.inputTokens().get(), 0), UsageSource.PROVIDER, busyNanos, day, billing);
    }
    TokenCounter counter = tokenizer(model);
    long tokens = 0;
    for (String input : embed.request().inputs()) {
      tokens += counter.count(input);
    }
    return priced(model, Usage.of(tokens, 0), UsageSource.ESTIMATED, busyNanos, day, billing);
  }

  private TokenCounter tokenizer(ModelEntry model) {
    Optional<TokenCounter> own =
        providers.has(model.provider())
            ? providers.get(model.provider()).tokenCounter(model.upstreamModel())
            : Optional.empty();
    return own.orElseGet(() -> OpenAiTokenCounters.forModel(model.upstreamModel()));
  }

  private Metering priced(
      ModelEntry model,
      Usage usage,
      UsageSource source,
      long busyNanos,
      LocalDate day,
      Billing billing) {
    Cost cost =
        switch (model.pricing()) {
          case PriceSource.Listed listed ->
              priceBook
                  .priceOn(listed.priceId(), day)
                  .map(price -> listed(price, usage, billing))
                  .orElseGet(() -> unpriced(listed.priceId(), day, billing));
          case PriceSource.MachineTime machine -> machineTime(machine, busyNanos, billing.recorded());
          case PriceSource.Provisioned provisioned ->
              Cost.free(
                  Tier.PROVISIONED,
                  "provisioned " + provisioned.provisionedModelArn() + " (billed per model unit-hour)");
        };
    return new Metering(usage, source, cost);
  }

  private static Cost listed(ModelPrice price, Usage usage, Billing billing) {
    Cost cost = CostCalculator.cost(price, usage, billing.priced());
    if (billing.recorded() == billing.priced()) {
      return cost;
    }
    return new Cost(
        cost.input(),
        cost.output(),
        cost.cacheRead(),
        cost.cacheWrite(),
        billing.recorded(),
        cost.priceReference() + " at " + billing.priced().wireName() + " prices");
  }

  private Cost unpriced(String priceId, LocalDate day, Billing billing) {
    LOG.log(Level.WARNING, "no price for '" + priceId + "' on " + day + "; metered at $0");
    return Cost.free(billing.recorded(), "unpriced:" + priceId);
  }

  /** The machine's hourly cost for the time the request held one of its parallel slots. */
  static Cost machineTime(PriceSource.MachineTime machine, long busyNanos) {
    return machineTime(machine, busyNanos, Tier.ON_DEMAND);
  }

  static Cost machineTime(PriceSource.MachineTime machine, long busyNanos, Tier tier) {
    long pico =
        BigInteger.valueOf(machine.perHour().picoUsd())
            .multiply(BigInteger.valueOf(Math.max(0, busyNanos)))
            .divide(NANOS_PER_HOUR.multiply(BigInteger.valueOf(machine.parallelSlots())))
            .longValueExact();
    Money compute = Money.ofPico(pico);
    String reference =
        "machine-time " + machine.perHour() + "/h over " + machine.parallelSlots() + " slots";
    return new Cost(Money.ZERO, compute, Money.ZERO, Money.ZERO, tier, reference);
  }
}
