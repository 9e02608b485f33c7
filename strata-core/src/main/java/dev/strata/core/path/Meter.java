package dev.strata.core.path;

import static java.util.Objects.requireNonNull;

import dev.strata.core.catalog.ModelEntry;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Meters every request that reached a model — answered, or failed part-way — into the exchange,
 * for the response headers and for {@link Settle}.
 */
public final class Meter implements Step {
  private final CostMeter costMeter;

  public Meter(CostMeter costMeter) {
    this.costMeter = requireNonNull(costMeter, "costMeter");
  }

  @Override
  public Answer serve(Exchange exchange, Next next) {
    Answer answer;
    try {
      answer = next.proceed(exchange);
    } catch (RuntimeException failure) {
      meterFailure(exchange);
      throw failure;
    }
    ModelEntry model = exchange.servedBy().orElseThrow();
    LocalDate day = LocalDate.ofInstant(exchange.receivedAt(), ZoneOffset.UTC);
    long busy = exchange.busyNanos();
    Metering metering =
        switch (answer) {
          case Answer.Chat chat ->
              costMeter.meterChat(
                  model,
                  (Operation.Chat) exchange.operation(),
                  chat.response(),
                  busy,
                  day,
                  exchange.billing());
          case Answer.Embeddings embeddings ->
              costMeter.meterEmbeddings(
                  model,
                  (Operation.Embed) exchange.operation(),
                  embeddings.response(),
                  busy,
                  day,
                  exchange.billing());
        };
    exchange.metered(metering);
    return answer;
  }

  private void meterFailure(Exchange exchange) {
    Optional<ModelEntry> model = exchange.servedBy();
    if (model.isEmpty()) {
      return;
    }
    LocalDate day = LocalDate.ofInstant(exchange.receivedAt(), ZoneOffset.UTC);
    long busy = exchange.busyNanos();
    if (exchange.partialAnswer().isPresent()
        && exchange.operation() instanceof Operation.Chat chat) {
      exchange.metered(
          costMeter.meterChat(
              model.get(), chat, exchange.partialAnswer().get(), busy, day, exchange.billing()));
    } else {
      exchange.metered(costMeter.meterUndelivered(model.get(), busy, day, exchange.billing()));
    }
  }
}
