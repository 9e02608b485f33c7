package dev.strata.store;

import dev.strata.core.auth.Principal;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.ledger.UsageSource;
import dev.strata.core.model.Usage;
import dev.strata.core.money.Money;
import dev.strata.core.money.Tier;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;

/** Usage records for tests. */
final class UsageRecords {
  static final Instant T0 = Instant.parse("2025-03-01T10:15:30.123Z");

  private UsageRecords() {}

  /** A successful on-demand chat call reported by the provider. */
  static UsageRecord record(
      String requestId, Instant startedAt, String keyId, String model, Usage usage, Money cost) {
    return new UsageRecord(
        requestId,
        startedAt,
        startedAt.plusMillis(250),
        new Principal(keyId, "acme", "search", "web", Map.of()),
        "openai",
        "chat",
        model,
        model,
        "openai",
        usage,
        UsageSource.PROVIDER,
        cost,
        model + "@2025-01-01 (test)",
        Tier.ON_DEMAND,
        false,
        "ok",
        200,
        250,
        OptionalLong.empty());
  }

  static UsageRecord simple(String requestId) {
    return record(requestId, T0, "key_a", "gpt-4o-mini", Usage.of(10, 5), Money.ofPico(1234));
  }
}
