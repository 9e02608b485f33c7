package dev.strata.core.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.auth.Principal;
import dev.strata.core.catalog.ModelCatalog;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.ledger.UsageSource;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.InferenceConfig;
import dev.strata.core.model.Usage;
import dev.strata.core.money.Billing;
import dev.strata.core.money.Cost;
import dev.strata.core.money.Tier;
import dev.strata.core.ratelimit.RateLimit;
import dev.strata.core.ratelimit.RateLimitScope;
import dev.strata.core.ratelimit.RateLimiter;
import dev.strata.core.testing.InMemoryRateLimitStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Batch records pass the rate limits only while interactive traffic keeps its headroom. */
class AdmitBatchPriorityTest {
  private static final Principal ALICE = new Principal("key-a", "acme", "", "", Map.of());
  private final Admit admit =
      new Admit(
          new RateLimiter(
              new InMemoryRateLimitStore(
                  new RateLimit(
                      "t",
                      RateLimitScope.parse("key:*"),
                      OptionalLong.empty(),
                      OptionalLong.of(1_000))),
              () -> 0L),
          new ModelCatalog(List.of(Exchanges.listed("gpt-4o", "openai", "gpt-4o")), Map.of()));

  private static Exchange chat(Billing billing) {
    Exchange exchange =
        Exchange.preAuthenticated(
                "req-1",
                Exchanges.RECEIVED,
                System.nanoTime(),
                "openai",
                ALICE,
                new Operation.Chat(
                    ChatRequest.of("gpt-4o", "hi")
                        .withInference(InferenceConfig.DEFAULTS.withMaxTokens(200)),
                    Optional.empty()))
            .billing(billing);
    exchange.estimatedInputTokens(100);
    return exchange;
  }

  /** The rest of the path: the model used all 300 tokens admitted. */
  private static Step.Next usingAll() {
    return exchange -> {
      exchange.metered(
          new Metering(
              Usage.of(100, 200), UsageSource.PROVIDER, Cost.free(Tier.ON_DEMAND, "test")));
      return null;
    };
  }

  @Test
  void batchRecords_leaveHeadroomThatInteractiveRequestsMayUse() {
    admit.serve(chat(Billing.BATCH_AT_ON_DEMAND_PRICE), usingAll()); // 300 of 1,000
    admit.serve(chat(Billing.BATCH), usingAll()); // 600: 400 left, more than the 200 kept back

    assertThatThrownBy(() -> admit.serve(chat(Billing.BATCH), Exchanges.unreachable()))
        .isInstanceOfSatisfying(
            StrataException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED));
    admit.serve(chat(Billing.ON_DEMAND), usingAll()); // 900: interactive traffic still fits
  }
}
