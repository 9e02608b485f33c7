package dev.strata.server.metrics;

import dev.strata.core.auth.Principal;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.ledger.UsageSource;
import dev.strata.core.model.Usage;
import dev.strata.core.money.Money;
import dev.strata.core.money.Tier;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;

/** Usage records for tests, varied one field at a time from a successful chat on gpt-4o. */
final class Records {
  static final Instant STARTED = Instant.parse("2026-03-01T12:00:00Z");
  static final Principal PRINCIPAL =
      new Principal("key_abc", "acme", "search", "web", Map.of("env", "prod"));
  private static final AtomicInteger IDS = new AtomicInteger();

  private Records() {}

  static UsageRecord chat(String model, Usage usage, Money cost, long latencyMillis) {
    return record(
        model, model, "fake", usage, cost, false, "ok", 200, latencyMillis, OptionalLong.empty());
  }

  static UsageRecord stream(String model, Usage usage, Money cost, long latency, long ttft) {
    return record(
        model, model, "fake", usage, cost, true, "ok", 200, latency, OptionalLong.of(ttft));
  }

  static UsageRecord failed(String model, String servedModel, String status, int httpStatus) {
    return record(
        model,
        servedModel,
        servedModel.isEmpty() ? "" : "fake",
        Usage.ZERO,
        Money.ZERO,
        false,
        status,
        httpStatus,
        40,
        OptionalLong.empty());
  }

  static UsageRecord record(
      String requestedModel,
      String servedModel,
      String provider,
      Usage usage,
      Money cost,
      boolean streamed,
      String status,
      int httpStatus,
      long latencyMillis,
      OptionalLong ttft) {
    return new UsageRecord(
        "req_" + IDS.incrementAndGet(),
        STARTED,
        STARTED.plusMillis(latencyMillis),
        PRINCIPAL,
        "openai",
        "chat",
        requestedModel,
        servedModel,
        provider,
        usage,
        UsageSource.PROVIDER,
        cost,
        "test",
        Tier.ON_DEMAND,
        streamed,
        status,
        httpStatus,
        latencyMillis,
        ttft);
  }
}
