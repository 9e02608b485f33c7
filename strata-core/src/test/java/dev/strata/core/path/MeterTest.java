package dev.strata.core.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.catalog.PriceSource;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.ledger.UsageSource;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.EmbeddingRequest;
import dev.strata.core.model.EmbeddingResponse;
import dev.strata.core.model.InferenceConfig;
import dev.strata.core.model.Message;
import dev.strata.core.model.ResponseFormat;
import dev.strata.core.model.StopReason;
import dev.strata.core.model.Usage;
import dev.strata.core.money.Money;
import dev.strata.core.money.ModelPrice;
import dev.strata.core.money.PriceBook;
import dev.strata.core.money.PriceBookLoader;
import dev.strata.core.money.TokenPrice;
import dev.strata.core.provider.ProviderRegistry;
import dev.strata.core.testing.FakeProvider;
import dev.strata.core.testing.ManualClock;
import dev.strata.core.testing.ScriptedReply;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class MeterTest {
  private static final Encoding O200K =
      Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
  private static final Encoding CL100K =
      Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
  private static final String QUESTION = "Summarise the quarterly report in three bullet points.";
  private static final String ANSWER = "Revenue grew 12%. Costs fell by a third. Margins improved.";

  private static final ModelEntry GPT = Exchanges.listed("gpt-4o", "openai", "gpt-4o");
  private static final ModelEntry OWN = Exchanges.listed("own", "own", "own-model", "gpt-4o");
  private static final ModelEntry DATED = Exchanges.listed("dated", "openai", "dated");
  private static final ModelEntry UNPRICED = Exchanges.listed("mystery", "openai", "mystery");
  private static final ModelEntry EMBED = Exchanges.embedding("embed", "openai", "text-embedding-3-small");

  private final ManualClock clock = ManualClock.at("2025-07-01T10:00:05Z");
  private final PriceBook book =
      PriceBookLoader.shipped()
          .overriddenBy(
              "test",
              List.of(
                  price("dated", "2025-06-01", "old", "1.00"),
                  price("dated", "2025-07-01", "new", "2.00"),
                  price("text-embedding-3-small", "2024-01-25", "list", "0.02")));
  private final FakeProvider ownTokenizer =
      new FakeProvider("own").tokenCounter(text -> text.isBlank() ? 0 : text.trim().split("\\s+").length);
  private final CostMeter costMeter =
      new CostMeter(book, new ProviderRegistry(List.of(new FakeProvider("openai"), ownTokenizer)));
  private final Meter meter = new Meter(costMeter);

  private static ModelPrice price(String model, String effective, String source, String usdPerMillion) {
    TokenPrice price = TokenPrice.perMillion(usdPerMillion);
    return new ModelPrice(
        model, "openai", LocalDate.parse(effective), source, price, price, Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** The rest of the path: the model answers with {@code response}. */
  private static Step.Next answering(ModelEntry model, ChatResponse response) {
    return exchange -> {
      exchange.attempting(model);
      exchange.finishedAt(exchange.receivedNanos() + 1_000);
      return new Answer.Chat(response);
    };
  }

  private static ChatResponse text(String text, Optional<Usage> usage) {
    return new ChatResponse(Message.assistant(text), StopReason.END_TURN, usage);
  }

  @Test
  void serve_providerUsage_isMeteredAsProviderWithTheExactCost() {
    Exchange exchange = Exchanges.chat("gpt-4o", QUESTION);
    ChatResponse response = text(ANSWER, Optional.of(new Usage(86, 300, 1920, 0, 0)));

    Answer answer = meter.serve(exchange, answering(GPT, response));

    assertThat(answer).isEqualTo(new Answer.Chat(response));
    Metering metering = exchange.metering().orElseThrow();
    assertThat(metering.source()).isEqualTo(UsageSource.PROVIDER);
    assertThat(metering.usage()).isEqualTo(new Usage(86, 300, 1920, 0, 0));
    // 86 × 2.50 + 1920 × 1.25 + 300 × 10.00 = 215 + 2400 + 3000 = 5615 µ$
    assertThat(metering.cost().total()).isEqualTo(Money.ofMicros(5615));
    assertThat(metering.cost().priceReference()).isEqualTo("gpt-4o@2024-08-06 (https://openai.com/api/pricing)");
  }

  @Test
  void serve_missingUsage_isEstimatedWithTheOpenAiTokenizer() {
    Exchange exchange = Exchanges.chat("gpt-4o", QUESTION);

    meter.serve(exchange, answering(GPT, text(ANSWER, Optional.empty())));

    long input = 3 + 3 + O200K.countTokensOrdinary(QUESTION); // priming + one message + its text
    long output = O200K.countTokensOrdinary(ANSWER);
    Metering metering = exchange.metering().orElseThrow();
    assertThat(metering.source()).isEqualTo(UsageSource.ESTIMATED);
    assertThat(metering.usage()).isEqualTo(Usage.of(input, output));
    assertThat(metering.cost().total())
        .isEqualTo(Money.ofPico(input * 2_500_000 + output * 10_000_000)); // 2.50 and 10.00 µ$/token
  }

  @Test
  void serve_missingUsageWithSystemPromptAndHistory_countsEveryMessage() {
    ChatRequest request =
        new ChatRequest(
            "gpt-4o",
            List.of(new ContentBlock.Text("You are a financial analyst.")),
            List.of(Message.user(QUESTION), Message.assistant("Which quarter?"), Message.user("Q3 2025.")),
            InferenceConfig.DEFAULTS,
            Optional.empty(),
            new ResponseFormat.Text(),
            Map.of());
    Exchange exchange = Exchanges.chat(request);

    meter.serve(exchange, answering(GPT, text(ANSWER, Optional.empty())));

    long input =
        3
            + (3 + O200K.countTokensOrdinary("You are a financial analyst."))
            + (3 + O200K.countTokensOrdinary(QUESTION))
            + (3 + O200K.countTokensOrdinary("Which quarter?"))
            + (3 + O200K.countTokensOrdinary("Q3 2025."));
    assertThat(exchange.metering().orElseThrow().usage().inputTokens()).isEqualTo(input);
  }

  @Test
  void serve_missingUsage_prefersTheProvidersOwnTokenizer() {
    Exchange exchange = Exchanges.chat("own", "one two three");

    meter.serve(exchange, answering(OWN, text("four five", Optional.empty())));

    assertThat(exchange.metering().orElseThrow().usage()).isEqualTo(Usage.of(3 + 3 + 3, 2));
  }

  @Test
  void serve_streamBrokenAfterDelivering_isMeteredForTheDeliveredPart() {
    Exchange exchange = Exchanges.chat("gpt-4o", QUESTION);
    String delivered = "Revenue grew 12%. Costs";
    StrataException broke = StrataException.builder(ErrorKind.UPSTREAM_TIMEOUT, "stream stalled").build();

    assertThatThrownBy(
            () ->
                meter.serve(
                    exchange,
                    ex -> {
                      ex.attempting(GPT);
                      ex.failedAfterDelivering(text(delivered, Optional.empty()));
                      throw broke;
                    }))
        .isSameAs(broke);

    Metering metering = exchange.metering().orElseThrow();
    assertThat(metering.source()).isEqualTo(UsageSource.ESTIMATED);
    assertThat(metering.usage())
        .isEqualTo(Usage.of(3 + 3 + O200K.countTokensOrdinary(QUESTION), O200K.countTokensOrdinary(delivered)));
    assertThat(metering.cost().total().isZero()).isFalse();
  }

  @Test
  void serve_failureBeforeDelivering_isMeteredWithNoTokens() {
    Exchange exchange = Exchanges.chat("gpt-4o", QUESTION);

    assertThatThrownBy(
            () ->
                meter.serve(
                    exchange,
                    ex -> {
                      ex.attempting(GPT);
                      throw StrataException.builder(ErrorKind.UNAVAILABLE, "down").build();
                    }))
        .isInstanceOf(StrataException.class);

    Metering metering = exchange.metering().orElseThrow();
    assertThat(metering.usage()).isEqualTo(Usage.ZERO);
    assertThat(metering.cost().total()).isEqualTo(Money.ZERO);
  }

  @Test
  void serve_failureBeforeAnyModel_isNotMetered() {
    Exchange exchange = Exchanges.chat("gpt-7", QUESTION);

    assertThatThrownBy(
            () ->
                meter.serve(
                    exchange,
                    ex -> {
                      throw StrataException.modelNotFound("gpt-7");
                    }))
        .isInstanceOf(StrataException.class);

    assertThat(exchange.metering()).isEmpty();
  }

  @Test
  void serve_pricesByTheDayTheRequestArrived() {
    Exchange lateOnJune30 =
        new Exchange(
            "req-1",
            Instant.parse("2025-06-30T23:59:59Z"),
            System.nanoTime(),
            "openai",
            Optional.of("k"),
            new Operation.Chat(ChatRequest.of("dated", "hi"), Optional.empty()));

    meter.serve(lateOnJune30, answering(DATED, text("x", Optional.of(Usage.of(1_000_000, 0)))));

    assertThat(lateOnJune30.metering().orElseThrow().cost().total()).isEqualTo(Money.ofUsd("1.00"));
    assertThat(lateOnJune30.metering().orElseThrow().cost().priceReference()).isEqualTo("dated@2025-06-01 (old)");
  }

  @Test
  void serve_failedRequest_isPricedByTheDayItArrivedToo() {
    Exchange lateOnJune30 =
        new Exchange(
            "req-1",
            Instant.parse("2025-06-30T23:59:59Z"),
            System.nanoTime(),
            "openai",
            Optional.of("k"),
            new Operation.Chat(ChatRequest.of("dated", "hi"), Optional.empty()));
    clock.set(Instant.parse("2025-07-01T00:00:05Z"));

    assertThatThrownBy(
            () ->
                meter.serve(
                    lateOnJune30,
                    ex -> {
                      ex.attempting(DATED);
                      ex.failedAfterDelivering(text("x", Optional.of(Usage.of(1_000_000, 0))));
                      throw StrataException.builder(ErrorKind.UPSTREAM_TIMEOUT, "stalled").build();
                    }))
        .isInstanceOf(StrataException.class);

    assertThat(lateOnJune30.metering().orElseThrow().cost().priceReference()).isEqualTo("dated@2025-06-01 (old)");
  }

  @Test
  void serve_modelWithoutAPrice_isMeteredAtZeroWithAnUnpricedReference() {
    Exchange exchange = Exchanges.chat("mystery", QUESTION);

    meter.serve(exchange, answering(UNPRICED, text(ANSWER, Optional.of(Usage.of(100, 100)))));

    Metering metering = exchange.metering().orElseThrow();
    assertThat(metering.cost().total()).isEqualTo(Money.ZERO);
    assertThat(metering.cost().priceReference()).isEqualTo("unpriced:mystery");
    assertThat(metering.usage()).as("usage is still recorded").isEqualTo(Usage.of(100, 100));
  }

  @Test
  void serve_embeddingsWithReportedTokens_isMeteredAsProvider() {
    Exchange exchange =
        Exchanges.embed(new EmbeddingRequest("embed", List.of("alpha", "beta"), OptionalInt.empty()));

    meter.serve(
        exchange,
        ex -> {
          ex.attempting(EMBED);
          return new Answer.Embeddings(new EmbeddingResponse(List.of(new float[1], new float[1]), Optional.of(50_000L)));
        });

    Metering metering = exchange.metering().orElseThrow();
    assertThat(metering.source()).isEqualTo(UsageSource.PROVIDER);
    assertThat(metering.usage()).isEqualTo(Usage.of(50_000, 0));
    assertThat(metering.cost().total()).isEqualTo(Money.ofMicros(1000)); // 50,000 × 0.02
  }

  @Test
  void serve_embeddingsWithoutReportedTokens_countsEveryInput() {
    List<String> inputs = List.of("The quick brown fox.", "Jumps over the lazy dog!");
    Exchange exchange = Exchanges.embed(new EmbeddingRequest("embed", inputs, OptionalInt.empty()));

    meter.serve(
        exchange,
        ex -> {
          ex.attempting(EMBED);
          return new Answer.Embeddings(new EmbeddingResponse(List.of(new float[1], new float[1]), Optional.empty()));
        });

    long tokens = CL100K.countTokensOrdinary(inputs.get(0)) + CL100K.countTokensOrdinary(inputs.get(1));
    Metering metering = exchange.metering().orElseThrow();
    assertThat(metering.source()).isEqualTo(UsageSource.ESTIMATED);
    assertThat(metering.usage()).isEqualTo(Usage.of(tokens, 0));
  }

  @Test
  void serve_machineTime_chargesOnlyTheServingCall() {
    PriceSource.MachineTime machine = new PriceSource.MachineTime(Money.ofUsd("3.60"), 1);
    ModelEntry local = Exchanges.local("llama", "local", machine);
    FakeProvider engine = new FakeProvider("local").replyToAnyModel(ScriptedReply.text("hi", Usage.of(5, 1)));
    ProviderRegistry providers = new ProviderRegistry(List.of(engine));
    Meter localMeter = new Meter(new CostMeter(book, providers));
    Invoke invoke = new Invoke(providers);
    Exchange arrivedAnHourAgo =
        new Exchange(
            "req-1",
            Exchanges.RECEIVED,
            System.nanoTime() - Duration.ofHours(1).toNanos(),
            "openai",
            Optional.of("k"),
            new Operation.Chat(ChatRequest.of("llama", "hi"), Optional.empty()));
    arrivedAnHourAgo.routedTo(List.of(local));

    long before = System.nanoTime();
    localMeter.serve(arrivedAnHourAgo, ex -> invoke.serve(ex, Exchanges.unreachable()));
    long callSpan = System.nanoTime() - before;

    assertThat(arrivedAnHourAgo.metering().orElseThrow().cost().total())
        .isLessThanOrEqualTo(CostMeter.machineTime(machine, callSpan).total());
  }

  @Test
  void serve_defectAfterAModelWasCalled_isStillMetered() {
    Exchange exchange = Exchanges.chat("gpt-4o", QUESTION);

    assertThatThrownBy(
            () ->
                meter.serve(
                    exchange,
                    ex -> {
                      ex.attempting(GPT);
                      throw new IllegalStateException("adapter bug");
                    }))
        .isInstanceOf(IllegalStateException.class);

    assertThat(exchange.metering()).isPresent();
  }

  @Test
  void serve_success_keepsTheDayOfArrivalEvenWhenTheClockHasMovedOn() {
    clock.set(Instant.parse("2030-01-01T00:00:00Z"));
    Exchange exchange = Exchanges.chat("dated", "hi");

    meter.serve(exchange, answering(DATED, text("x", Optional.of(Usage.of(1_000_000, 0)))));

    assertThat(exchange.metering().orElseThrow().cost().priceReference())
        .isEqualTo("dated@2025-07-01 (new)");
    assertThat(LocalDate.ofInstant(exchange.receivedAt(), ZoneOffset.UTC))
        .isEqualTo(LocalDate.parse("2025-07-01"));
  }
}
