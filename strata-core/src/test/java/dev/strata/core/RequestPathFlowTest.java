package dev.strata.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.strata.core.auth.IssuedKey;
import dev.strata.core.auth.KeyAuthenticator;
import dev.strata.core.catalog.ModelCatalog;
import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.catalog.PriceSource;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.ledger.UsageSource;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.EmbeddingRequest;
import dev.strata.core.model.InferenceConfig;
import dev.strata.core.model.Usage;
import dev.strata.core.money.Money;
import dev.strata.core.money.ModelPrice;
import dev.strata.core.money.PriceBook;
import dev.strata.core.money.PriceBookLoader;
import dev.strata.core.money.TokenPrice;
import dev.strata.core.path.Answer;
import dev.strata.core.path.Authenticate;
import dev.strata.core.path.CostMeter;
import dev.strata.core.path.Exchange;
import dev.strata.core.path.Invoke;
import dev.strata.core.path.Meter;
import dev.strata.core.path.Operation;
import dev.strata.core.path.RequestLimits;
import dev.strata.core.path.RequestPath;
import dev.strata.core.path.Route;
import dev.strata.core.path.Settle;
import dev.strata.core.path.Validate;
import dev.strata.core.provider.ProviderRegistry;
import dev.strata.core.provider.StreamSink;
import dev.strata.core.testing.FakeProvider;
import dev.strata.core.testing.InMemoryKeyStore;
import dev.strata.core.testing.InMemoryLedger;
import dev.strata.core.testing.ManualClock;
import dev.strata.core.testing.RecordingSink;
import dev.strata.core.testing.ScriptedReply;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The whole request path — Authenticate → Validate → Settle → Meter → Route → Invoke — wired
 * from public parts only, as the application wires it, with fake upstreams and in-memory stores.
 */
class RequestPathFlowTest {
  private static final Encoding CL100K =
      Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
  private static final String QUESTION = "Which clauses of the contract cover early termination?";

  private final ManualClock clock = ManualClock.at("2025-07-01T10:00:00Z");
  private final InMemoryKeyStore keys = new InMemoryKeyStore(clock);
  private final InMemoryLedger ledger = new InMemoryLedger();
  private final FakeProvider openai =
      new FakeProvider("openai").embeddings(FakeProvider.fixedEmbeddings(8, Optional.of(1000L)));
  private final FakeProvider anthropic = new FakeProvider("anthropic");
  private final ProviderRegistry providers = new ProviderRegistry(List.of(openai, anthropic));
  private final PriceBook prices =
      PriceBookLoader.shipped()
          .overriddenBy(
              "test",
              List.of(
                  ModelPrice.flat(
                      "text-embedding-3-small", "openai", "list", TokenPrice.perMillion("0.02"), TokenPrice.FREE)));
  private final ModelCatalog catalog =
      new ModelCatalog(
          List.of(
              model("gpt-4o", "openai", "gpt-4o-2024-08-06", "gpt-4o", false),
              model("sonnet", "anthropic", "claude-sonnet-4-20250514", "claude-sonnet-4-20250514", false),
              model("embed", "openai", "text-embedding-3-small", "text-embedding-3-small", true)),
          Map.of("smart", List.of("sonnet", "gpt-4o")));
  private final RequestPath path =
      new RequestPath(
          List.of(
              new Authenticate(new KeyAuthenticator(keys, clock, Duration.ofMinutes(1))),
              new Validate(RequestLimits.DEFAULTS),
              new Settle(ledger, clock),
              new Meter(new CostMeter(prices, providers)),
              new Route(catalog),
              new Invoke(providers)));
  private final IssuedKey key = keys.create("support-bot", "support", "helpdesk");
  private final AtomicInteger requestIds = new AtomicInteger();

  private static ModelEntry model(
      String name, String provider, String upstream, String priceId, boolean embeddings) {
    return new ModelEntry(
        name, provider, upstream, new PriceSource.Listed(priceId), OptionalInt.empty(), embeddings);
  }

  private Exchange exchange(Optional<String> secret, Operation operation) {
    return new Exchange(
        "req-" + requestIds.incrementAndGet(), clock.instant(), System.nanoTime(), "openai", secret, operation);
  }

  private Exchange chat(ChatRequest request) {
    return exchange(Optional.of(key.secret()), new Operation.Chat(request, Optional.empty()));
  }

  private Exchange stream(ChatRequest request, StreamSink client) {
    return exchange(Optional.of(key.secret()), new Operation.Chat(request, Optional.of(client)));
  }

  @Test
  void chat_isAnsweredMeteredAndSettledInOneRecord() {
    openai.reply("gpt-4o-2024-08-06", ScriptedReply.text("Clauses 14 and 14.2.", new Usage(86, 300, 1920, 0, 0)));
    Exchange exchange = chat(ChatRequest.of("gpt-4o", QUESTION));

    Answer answer = path.run(exchange);

    assertThat(((Answer.Chat) answer).response().output().text()).isEqualTo("Clauses 14 and 14.2.");
    UsageRecord record = ledger.onlyRecord();
    assertThat(record.requestId()).isEqualTo(exchange.requestId());
    assertThat(record.principal()).isEqualTo(key.key().principal());
    assertThat(record.principal().team()).isEqualTo("support");
    assertThat(record.requestedModel()).isEqualTo("gpt-4o");
    assertThat(record.servedModel()).isEqualTo("gpt-4o");
    assertThat(record.provider()).isEqualTo("openai");
    assertThat(record.usage()).isEqualTo(new Usage(86, 300, 1920, 0, 0));
    assertThat(record.usageSource()).isEqualTo(UsageSource.PROVIDER);
    // (2006 − 1920) × 2.50 + 1920 × 1.25 + 300 × 10.00 = 5615 µ$
    assertThat(record.cost()).isEqualTo(Money.ofMicros(5615));
    assertThat(exchange.metering().orElseThrow().cost().total()).isEqualTo(record.cost());
    assertThat(record.status()).isEqualTo("ok");
    assertThat(record.httpStatus()).isEqualTo(200);
    assertThat(record.streamed()).isFalse();
    assertThat(record.timeToFirstTokenMillis()).isEqualTo(OptionalLong.empty());
    assertThat(openai.calledModels()).containsExactly("gpt-4o-2024-08-06");
  }

  @Test
  void streamedAlias_fallsBackAndBillsTheModelThatServed() {
    anthropic.reply("claude-sonnet-4-20250514", ScriptedReply.failing(ErrorKind.UNAVAILABLE));
    openai.reply("gpt-4o-2024-08-06", ScriptedReply.text("Clause 14 covers it.", Usage.of(1000, 100)));
    RecordingSink client = new RecordingSink();

    path.run(stream(ChatRequest.of("smart", QUESTION), client));

    assertThat(client.text()).isEqualTo("Clause 14 covers it.");
    UsageRecord record = ledger.onlyRecord();
    assertThat(record.requestedModel()).isEqualTo("smart");
    assertThat(record.servedModel()).isEqualTo("gpt-4o");
    assertThat(record.streamed()).isTrue();
    assertThat(record.timeToFirstTokenMillis()).isPresent();
    assertThat(record.cost()).isEqualTo(Money.ofMicros(3500)); // 1000 × 2.50 + 100 × 10.00
    assertThat(anthropic.calls()).hasSize(1);
  }

  @Test
  void brokenStream_isBilledForWhatWasDeliveredAndSettledAsAFailure() {
    anthropic.reply(
        "claude-sonnet-4-20250514", ScriptedReply.brokenAfter("Clause 14 says that", ErrorKind.UPSTREAM_TIMEOUT));
    RecordingSink client = new RecordingSink();

    assertThatThrownBy(() -> path.run(stream(ChatRequest.of("smart", QUESTION), client)))
        .isInstanceOfSatisfying(
            StrataException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_TIMEOUT));

    assertThat(openai.calls()).as("no fallback once content was relayed").isEmpty();
    assertThat(client.text()).isEqualTo("Clause 14 says that");
    UsageRecord record = ledger.onlyRecord();
    long input = 3 + 3 + CL100K.countTokensOrdinary(QUESTION);
    long output = CL100K.countTokensOrdinary("Clause 14 says that");
    assertThat(record.status()).isEqualTo("upstream_timeout");
    assertThat(record.httpStatus()).isEqualTo(504);
    assertThat(record.servedModel()).isEqualTo("sonnet");
    assertThat(record.usageSource()).isEqualTo(UsageSource.ESTIMATED);
    assertThat(record.usage()).isEqualTo(Usage.of(input, output));
    assertThat(record.cost()).isEqualTo(Money.ofMicros(input * 3 + output * 15)); // 3.00 and 15.00 $/1M
  }

  @Test
  void unknownKey_isRefusedBeforeAnyUpstreamCallAndBillsNoOne() {
    Exchange exchange =
        exchange(Optional.of("sk-strata-unknown"), new Operation.Chat(ChatRequest.of("gpt-4o", QUESTION), Optional.empty()));

    assertThatThrownBy(() -> path.run(exchange))
        .isInstanceOfSatisfying(
            StrataException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION));

    assertThat(openai.calls()).isEmpty();
    assertThat(ledger.records()).isEmpty();
  }

  @Test
  void invalidRequest_isRefusedBeforeAnyUpstreamCall() {
    ChatRequest tooHot =
        ChatRequest.of("gpt-4o", QUESTION)
            .withInference(
                new InferenceConfig(
                    OptionalInt.empty(),
                    OptionalDouble.of(5),
                    OptionalDouble.empty(),
                    List.of(),
                    OptionalLong.empty(),
                    Optional.empty()));

    assertThatThrownBy(() -> path.run(chat(tooHot)))
        .isInstanceOfSatisfying(
            StrataException.class, e -> assertThat(e.param()).contains("temperature"));

    assertThat(openai.calls()).isEmpty();
    assertThat(ledger.records()).as("Settle sits after Validate: nothing was spent").isEmpty();
  }

  @Test
  void unknownModel_isSettledAsNotFoundWithNoCost() {
    assertThatThrownBy(() -> path.run(chat(ChatRequest.of("gpt-7", QUESTION))))
        .isInstanceOfSatisfying(
            StrataException.class, e -> assertThat(e.code()).contains("model_not_found"));

    UsageRecord record = ledger.onlyRecord();
    assertThat(record.status()).isEqualTo("not_found");
    assertThat(record.httpStatus()).isEqualTo(404);
    assertThat(record.servedModel()).isEmpty();
    assertThat(record.cost()).isEqualTo(Money.ZERO);
  }

  @Test
  void embeddings_areServedMeteredAndSettled() {
    Exchange exchange =
        exchange(
            Optional.of(key.secret()),
            new Operation.Embed(new EmbeddingRequest("embed", List.of("refund policy", "shipping times"), OptionalInt.empty())));

    Answer answer = path.run(exchange);

    assertThat(((Answer.Embeddings) answer).response().vectors()).hasSize(2);
    UsageRecord record = ledger.onlyRecord();
    assertThat(record.operation()).isEqualTo("embeddings");
    assertThat(record.usage()).isEqualTo(Usage.of(2000, 0));
    assertThat(record.cost()).isEqualTo(Money.ofMicros(40)); // 2000 × 0.02
    assertThat(openai.embeddingCalls()).extracting(EmbeddingRequest::model).containsExactly("text-embedding-3-small");
  }

  @Test
  void revokedKey_isRefusedOnceForgotten() {
    openai.reply("gpt-4o-2024-08-06", ScriptedReply.text("ok", Usage.of(1, 1)));
    KeyAuthenticator authenticator = new KeyAuthenticator(keys, clock, Duration.ofMinutes(1));
    RequestPath own =
        new RequestPath(
            List.of(new Authenticate(authenticator), new Settle(ledger, clock), new Route(catalog), new Invoke(providers)));
    own.run(chat(ChatRequest.of("gpt-4o", "hi")));

    keys.revoke(key.key().id());
    authenticator.forget(key.key().id());

    assertThatThrownBy(() -> own.run(chat(ChatRequest.of("gpt-4o", "hi"))))
        .isInstanceOfSatisfying(
            StrataException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION));
    assertThat(ledger.records()).hasSize(1);
  }
}
