package dev.strata.core.path;

import static java.util.Objects.requireNonNull;

import dev.strata.core.auth.Principal;
import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.error.StrataException;
import dev.strata.core.ledger.Ledger;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.ledger.UsageSource;
import dev.strata.core.model.Usage;
import dev.strata.core.money.Cost;
import dev.strata.core.money.Tier;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Appends the request's usage record to the ledger once the rest of the path is done, whether it
 * succeeded or failed. Requests that never got past authentication are not billed to anyone.
 */
public final class Settle implements Step {
  private static final long NANOS_PER_MILLI = 1_000_000L;

  private final Ledger ledger;
  private final Clock clock;

  public Settle(Ledger ledger, Clock clock) {
    this.ledger = requireNonNull(ledger, "ledger");
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public Answer serve(Exchange exchange, Next next) {
    Answer answer;
    try {
      answer = next.proceed(exchange);
    } catch (StrataException failure) {
      record(exchange, failure.kind().name().toLowerCase(Locale.ROOT), failure.httpStatus());
      throw failure;
    } catch (RuntimeException defect) {
      record(exchange, "internal", 500);
      throw defect;
    }
    record(exchange, "ok", 200);
    return answer;
  }

  private void record(Exchange exchange, String status, int httpStatus) {
    Optional<Principal> principal = exchange.principal();
    if (principal.isEmpty()) {
      return;
    }
    Optional<ModelEntry> served = exchange.servedBy();
    Optional<Metering> metering = exchange.metering();
    Usage usage = metering.map(Metering::usage).orElse(Usage.ZERO);
    Cost cost = metering.map(Metering::cost).orElse(Cost.free(Tier.ON_DEMAND, "none"));
    OptionalLong ttft = exchange.timeToFirstTokenNanos();
    ledger.append(
        new UsageRecord(
            exchange.requestId(),
            exchange.receivedAt().truncatedTo(ChronoUnit.MILLIS),
            clock.instant().truncatedTo(ChronoUnit.MILLIS),
            principal.get(),
            exchange.wireFormat(),
            exchange.operation().name(),
            exchange.operation().model(),
            served.map(ModelEntry::name).orElse(""),
            served.map(ModelEntry::provider).orElse(""),
            usage,
            metering.map(Metering::source).orElse(UsageSource.ESTIMATED),
            cost.total(),
            cost.priceReference(),
            cost.tier(),
            exchange.operation() instanceof Operation.Chat chat && chat.isStreaming(),
            status,
            httpStatus,
            exchange.latencyNanos() / NANOS_PER_MILLI,
            ttft.isPresent() ? OptionalLong.of(ttft.getAsLong() / NANOS_PER_MILLI) : OptionalLong.empty(),
            exchange.responseCache(),
            exchange.savedCost()));
  }
}
