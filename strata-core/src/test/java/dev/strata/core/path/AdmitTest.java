package dev.strata.core.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.auth.Principal;
import dev.strata.core.catalog.ModelCatalog;
import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.ledger.UsageSource;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.EmbeddingRequest;
import dev.strata.core.model.InferenceConfig;
import dev.strata.core.model.Usage;
import dev.strata.core.money.Cost;
import dev.strata.core.money.Tier;
import dev.strata.core.ratelimit.RateLimit;
import dev.strata.core.ratelimit.RateLimitScope;
import dev.strata.core.ratelimit.RateLimiter;
import dev.strata.core.testing.InMemoryRateLimitStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AdmitTest {
  private static final Principal ALICE = new Principal("key-a", "acme", "search", "", Map.of());
  private static final ModelEntry GPT = Exchanges.listed("gpt-4o", "openai", "gpt-4o");
  private static final ModelEntry CLAUDE = Exchanges.listed("claude", "anthropic", "claude");
  private static final ModelCatalog CATALOG =
      new ModelCatalog(List.of(GPT, CLAUDE), Map.of("fast", List.of("gpt-4o", "claude")));
  private static final long INPUT = 1_000; // every exchange's input, as if already estimated

  private final AtomicLong nanos = new AtomicLong();

  private Admit admit(RateLimit... limits) {
    return new Admit(new RateLimiter(new InMemoryRateLimitStore(limits), nanos::get), CATALOG);
  }

  private static RateLimit tpm(String scope, long tpm) {
    return new RateLimit("t", RateLimitScope.parse(scope), OptionalLong.empty(), OptionalLong.of(tpm));
  }

  private static RateLimit rpm(String scope, long rpm) {
    return new RateLimit("r", RateLimitScope.parse(scope), OptionalLong.of(rpm), OptionalLong.empty());
  }

  private static Exchange chat(String model, OptionalInt maxTokens) {
    ChatRequest request = ChatRequest.of(model, "What is the capital of Norway?");
    if (maxTokens.isPresent()) {
      request = request.withInference(InferenceConfig.DEFAULTS.withMaxTokens(maxTokens.getAsInt()));
    }
    Exchange exchange =
        Exchange.preAuthenticated(
            "req-1", Exchanges.RECEIVED, System.nanoTime(), "openai", ALICE,
            new Operation.Chat(request, Optional.empty()));
    exchange.estimatedInputTokens(INPUT);
    return exchange;
  }

  private static Exchange chat(int maxTokens) {
    return chat("gpt-4o", OptionalInt.of(maxTokens));
  }

  /** The rest of the path: the model answers, having used {@code usage}. */
  private static Step.Next using(Usage usage) {
    return exchange -> {
      exchange.attempting(GPT);
      exchange.metered(new Metering(usage, UsageSource.PROVIDER, Cost.free(Tier.ON_DEMAND, "t")));
      return null;
    };
  }

  private static StrataException refused(Admit admit, Exchange exchange) {
    StrataException refusal =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            StrataException.class, () -> admit.serve(exchange, Exchanges.unreachable()));
    assertThat(refusal).as("refused").isNotNull();
    assertThat(refusal.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    return refusal;
  }

  @Test
  void serve_noLimitCovers_passesThroughWithoutCountingTokens() {
    Admit admit = admit(tpm("team:ads", 1));
    Exchange exchange =
        Exchange.preAuthenticated(
            "req-1", Exchanges.RECEIVED, System.nanoTime(), "openai", ALICE,
            new Operation.Chat(ChatRequest.of("gpt-4o", "hi"), Optional.empty()));
    AtomicBoolean called = new AtomicBoolean();

    admit.serve(exchange, e -> {
      called.set(true);
      return null;
    });

    assertThat(called).isTrue();
    assertThat(exchange.estimatedInputTokens()).isEmpty();
  }

  @Test
  void serve_admitsTheEstimatedInputPlusMaxTokens() {
    Admit admit = admit(tpm("key:key-a", 1_500));

    admit.serve(chat(500), using(Usage.of(1_000, 500)));

    Duration retryAfter = refused(admit, chat(1)).retryAfter().orElseThrow();
    // 1,001 tokens at 1,500 a minute
    assertThat(retryAfter.toMillis()).isCloseTo(40_040, org.assertj.core.data.Offset.offset(1L));
    nanos.addAndGet(retryAfter.toNanos());
    admit.serve(chat(1), using(Usage.of(1_000, 1)));
  }

  @Test
  void serve_withoutACount_admitsAQuarterTokenPerCharacter_withoutTokenizing() {
    // 400 characters: 3 priming + 3 per message + 100 = 106 tokens, plus max_tokens.
    Admit admit = admit(tpm("key:key-a", 1_000));
    Exchange fits = uncounted("a".repeat(400), 894);
    Exchange tooLarge = uncounted("a".repeat(400), 895);

    StrataException refusal = refused(admit, tooLarge);
    admit.serve(fits, using(Usage.of(5, 5)));

    assertThat(refusal.retryAfter()).as("a minute's tokens could never hold it").isEmpty();
    assertThat(fits.estimatedInputTokens()).isEmpty();
  }

  private static Exchange uncounted(String prompt, int maxTokens) {
    return Exchange.preAuthenticated(
        "req-1", Exchanges.RECEIVED, System.nanoTime(), "openai", ALICE,
        new Operation.Chat(
            ChatRequest.of("gpt-4o", prompt)
                .withInference(InferenceConfig.DEFAULTS.withMaxTokens(maxTokens)),
            Optional.empty()));
  }

  @Test
  void serve_settlesTheTokensReallyUsed_refundingTheRest() {
    Admit admit = admit(tpm("key:key-a", 2_000));

    admit.serve(chat(1_000), using(Usage.of(100, 50))); // admitted 2,000, used 150

    admit.serve(chat(800), using(Usage.of(1_000, 800))); // 1,800 of the 1,850 left
    refused(admit, chat(100));
  }

  @Test
  void serve_cachedInputCountsAsUsedTokens() {
    Admit admit = admit(tpm("key:key-a", 2_000));

    admit.serve(chat(0), using(new Usage(10, 0, 1_500, 400, 0))); // admitted 1,000, used 1,910

    refused(admit, chat(0)); // 90 left
  }

  @Test
  void serve_failedRequest_givesItsTokensBack() {
    Admit admit = admit(tpm("key:key-a", 1_500));

    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(
              () ->
                  admit.serve(
                      chat(500),
                      e -> {
                        throw StrataException.builder(ErrorKind.UNAVAILABLE, "down").build();
                      }))
          .isInstanceOf(StrataException.class)
          .hasMessage("down");
    }

    admit.serve(chat(500), using(Usage.of(1_000, 500)));
  }

  @Test
  void serve_requestLargerThanAMinutesTokens_isRefusedWithoutRetryAfter() {
    Admit admit = admit(tpm("key:key-a", 1_500));

    StrataException refusal = refused(admit, chat(501));

    assertThat(refusal.retryAfter()).isEmpty();
    assertThat(refusal).hasMessageContaining("1501 tokens");
  }

  @Test
  void serve_withoutMaxTokens_admitsTheInputAndSettlesTheRest() {
    Admit admit = admit(tpm("key:key-a", 1_500));

    admit.serve(chat("gpt-4o", OptionalInt.empty()), using(Usage.of(1_000, 400)));

    refused(admit, chat(101)); // 100 left
  }

  @Test
  void serve_embeddings_admitTheirInputOnly() {
    Admit admit = admit(tpm("key:key-a", 1_000));
    Exchange embed =
        Exchange.preAuthenticated(
            "req-1", Exchanges.RECEIVED, System.nanoTime(), "openai", ALICE,
            new Operation.Embed(new EmbeddingRequest("gpt-4o", List.of("a"), OptionalInt.empty())));
    embed.estimatedInputTokens(1_000);

    admit.serve(embed, e -> null);
  }

  @Test
  void serve_requestsPerMinute_onAModelReachedThroughAnAlias() {
    Admit admit = admit(rpm("model:claude", 1));

    admit.serve(chat("fast", OptionalInt.of(10)), using(Usage.of(1, 1)));

    StrataException refusal = refused(admit, chat("claude", OptionalInt.of(10)));
    assertThat(refusal.retryAfter()).isPresent();
    assertThat(refusal).hasMessageContaining("model:claude");
    admit.serve(chat("gpt-4o", OptionalInt.of(10)), using(Usage.of(1, 1))); // not counted
  }
}
