package dev.strata.core.path;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.auth.Principal;
import dev.strata.core.catalog.ModelCatalog;
import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.ledger.UsageSource;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.InferenceConfig;
import dev.strata.core.model.Usage;
import dev.strata.core.money.Cost;
import dev.strata.core.money.PriceBookLoader;
import dev.strata.core.money.Tier;
import dev.strata.core.provisioned.CapacityLanes;
import dev.strata.core.provisioned.CommitmentTerm;
import dev.strata.core.provisioned.NewProvisionedModel;
import dev.strata.core.provisioned.ProvisionedArns;
import dev.strata.core.provisioned.ProvisionedModel;
import dev.strata.core.provisioned.ProvisionedModels;
import dev.strata.core.ratelimit.RateLimit;
import dev.strata.core.ratelimit.RateLimitScope;
import dev.strata.core.ratelimit.RateLimiter;
import dev.strata.core.testing.InMemoryProvisionedStore;
import dev.strata.core.testing.InMemoryRateLimitStore;
import dev.strata.core.testing.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * A provisioned model's lane beside the on-demand rate limits, through {@link Admit}: 1 unit of
 * Claude 3.5 Haiku serves 100,000 tokens a minute (shipped price book), while on-demand traffic to
 * the same base model is limited to 10,000 tokens a minute.
 */
class AdmitProvisionedLaneTest {
  private static final String BASE = "anthropic.claude-3-5-haiku-20241022-v1:0";
  private static final Principal ALICE = new Principal("key-a", "acme", "search", "", Map.of());
  private static final Principal MALLORY = new Principal("key-m", "globex", "", "", Map.of());
  private static final long INPUT = 1_000;
  private static final int MAX_TOKENS = 4_000; // each request is admitted for 5,000 tokens

  private final AtomicLong nanos = new AtomicLong();
  private final ManualClock clock = ManualClock.at("2025-06-01T10:00:00Z");
  private final ModelCatalog base =
      new ModelCatalog(List.of(Exchanges.listed(BASE, "bedrock", BASE)), Map.of());
  private final ProvisionedModels registry =
      new ProvisionedModels(
          new InMemoryProvisionedStore(),
          base,
          PriceBookLoader.shipped(),
          ProvisionedArns.DEFAULT,
          Duration.ZERO,
          clock);
  private final ModelCatalog catalog = base.withDynamicModels(registry);
  private final ProvisionedModel reserved =
      registry.create(
          new NewProvisionedModel(
              "support-bot", BASE, 1, CommitmentTerm.ONE_MONTH, ALICE, Map.of(), Optional.empty()));
  private final Admit admit =
      new Admit(
          new RateLimiter(
              new InMemoryRateLimitStore(limit("model:" + BASE, 10_000), limit("key:*", 10_000)),
              nanos::get),
          catalog,
          new CapacityLanes(registry, nanos::get));

  private static RateLimit limit(String scope, long tpm) {
    return new RateLimit(
        scope, RateLimitScope.parse(scope), OptionalLong.empty(), OptionalLong.of(tpm));
  }

  private static Exchange chat(Principal who, String model) {
    Exchange exchange =
        Exchange.preAuthenticated(
            "req-1",
            Exchanges.RECEIVED,
            System.nanoTime(),
            "bedrock",
            who,
            new Operation.Chat(
                ChatRequest.of(model, "Where is my parcel?")
                    .withInference(InferenceConfig.DEFAULTS.withMaxTokens(MAX_TOKENS)),
                Optional.empty()));
    exchange.estimatedInputTokens(INPUT);
    return exchange;
  }

  /** Serves the request through the rest of the path, which used {@code tokens} tokens. */
  private void serve(Exchange exchange, long tokens) {
    ModelEntry served = catalog.resolve(exchange.operation().model()).get(0);
    admit.serve(
        exchange,
        e -> {
          e.attempting(served);
          e.metered(
              new Metering(
                  Usage.of(tokens - 100, 100),
                  UsageSource.PROVIDER,
                  Cost.free(Tier.PROVISIONED, "t")));
          return null;
        });
  }

  private StrataException refused(Exchange exchange) {
    StrataException refusal =
        Assertions.catchThrowableOfType(
            StrataException.class, () -> admit.serve(exchange, Exchanges.unreachable()));
    assertThat(refusal).as("refused").isNotNull();
    return refusal;
  }

  @Test
  void provisionedModel_servesItsCapacity_whileOnDemandTrafficToTheSameBaseIsThrottled() {
    serve(chat(ALICE, BASE), 5_000);
    serve(chat(ALICE, BASE), 5_000);
    StrataException onDemand = refused(chat(ALICE, BASE));
    assertThat(onDemand.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(onDemand).hasMessageContaining("10000 tokens per minute");

    // 20 x 5,000 = the lane's whole minute, by name, id or ARN, untouched by the on-demand limits
    for (int i = 0; i < 20; i++) {
      String name =
          switch (i % 3) {
            case 0 -> "support-bot";
            case 1 -> reserved.id();
            default -> reserved.arn();
          };
      serve(chat(ALICE, name), 5_000);
    }

    StrataException full = refused(chat(ALICE, "support-bot"));
    assertThat(full.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(full)
        .hasMessageContaining("'support-bot'")
        .hasMessageContaining("100000 tokens per minute (1 model units)");
    Duration retryAfter = full.retryAfter().orElseThrow();
    assertThat(retryAfter.toMillis())
        .isCloseTo(3_000, Assertions.within(1L)); // 5,000 of 100,000/min
    assertThat(refused(chat(ALICE, BASE)).kind())
        .as("on-demand still throttled")
        .isEqualTo(ErrorKind.RATE_LIMITED);

    nanos.addAndGet(retryAfter.toNanos());
    serve(chat(ALICE, "support-bot"), 5_000);
  }

  @Test
  void lane_isChargedWhatRequestsReallyUsed() {
    for (int i = 0; i < 20; i++) {
      serve(chat(ALICE, "support-bot"), 1_000); // admitted for 5,000 each, used 1,000
    }

    // 80,000 refunded: 16 more requests of 5,000 fit in this minute
    for (int i = 0; i < 16; i++) {
      serve(chat(ALICE, "support-bot"), 5_000);
    }
    assertThat(refused(chat(ALICE, "support-bot")).kind()).isEqualTo(ErrorKind.RATE_LIMITED);
  }

  @Test
  void moreUnits_widenTheLane() {
    for (int i = 0; i < 20; i++) {
      serve(chat(ALICE, "support-bot"), 5_000);
    }
    refused(chat(ALICE, "support-bot"));

    registry.changeUnits(ALICE, "support-bot", 2);

    for (int i = 0; i < 20; i++) {
      serve(chat(ALICE, "support-bot"), 5_000);
    }
    assertThat(refused(chat(ALICE, "support-bot")).kind()).isEqualTo(ErrorKind.RATE_LIMITED);
  }

  @Test
  void anotherTenant_cannotUseTheLane() {
    StrataException refusal = refused(chat(MALLORY, "support-bot"));

    assertThat(refusal.kind()).isEqualTo(ErrorKind.NOT_FOUND);
    assertThat(refusal).hasMessageContaining("'support-bot' does not exist");
  }

  @Test
  void aRequestLargerThanAMinutesCapacity_isRefusedWithoutARetryAfter() {
    Exchange huge =
        Exchange.preAuthenticated(
            "req-1",
            Exchanges.RECEIVED,
            System.nanoTime(),
            "bedrock",
            ALICE,
            new Operation.Chat(
                ChatRequest.of("support-bot", "hi")
                    .withInference(InferenceConfig.DEFAULTS.withMaxTokens(100_000)),
                Optional.empty()));
    huge.estimatedInputTokens(INPUT);

    StrataException refusal = refused(huge);

    assertThat(refusal.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(refusal.retryAfter()).isEmpty();
    assertThat(refusal).hasMessageContaining("101000 tokens");
  }

  @Test
  void withoutLanes_provisionedModelsSkipTheOnDemandLimits() {
    Admit unlaned =
        new Admit(
            new RateLimiter(new InMemoryRateLimitStore(limit("key:*", 10_000)), nanos::get),
            catalog);

    for (int i = 0; i < 5; i++) {
      unlaned.serve(chat(ALICE, "support-bot"), e -> null);
    }
  }
}
