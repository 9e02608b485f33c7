package dev.strata.core.path;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.catalog.PriceSource;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.EmbeddingRequest;
import dev.strata.core.model.InferenceConfig;
import dev.strata.core.model.Message;
import dev.strata.core.model.ResponseFormat;
import dev.strata.core.model.Role;
import dev.strata.core.money.Money;
import dev.strata.core.money.ModelPrice;
import dev.strata.core.money.PriceBook;
import dev.strata.core.money.TokenPrice;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class WorstCaseCostTest {
  private static final LocalDate DAY = LocalDate.parse("2025-07-01");
  // Prices in pico-dollars per token: $1 per million tokens is 1,000,000.
  private static final long CHEAP_IN = 1_000_000;
  private static final long CHEAP_OUT = 2_000_000;
  private static final long DEAR_IN = 3_000_000;
  private static final long DEAR_OUT = 15_000_000;
  private static final long DEAR_WRITE_5M = 3_750_000;
  private static final long DEAR_WRITE_1H = 6_000_000;

  private static final PriceBook PRICES =
      new PriceBook(
          "test",
          List.of(
              ModelPrice.flat("cheap", "p", "test", price(CHEAP_IN), price(CHEAP_OUT)),
              new ModelPrice(
                  "dear", "p", LocalDate.EPOCH, "test", price(DEAR_IN), price(DEAR_OUT),
                  Optional.of(price(DEAR_WRITE_5M)), Optional.of(price(DEAR_WRITE_1H)),
                  Optional.of(price(300_000)), Optional.empty(), Optional.empty()),
              new ModelPrice(
                  "five", "p", LocalDate.EPOCH, "test", price(DEAR_IN), price(DEAR_OUT),
                  Optional.of(price(DEAR_WRITE_5M)), Optional.empty(), Optional.empty(),
                  Optional.empty(), Optional.empty()),
              new ModelPrice(
                  "dated", "p", LocalDate.parse("2025-06-01"), "old", price(1_000_000),
                  price(1_000_000), Optional.empty(), Optional.empty(), Optional.empty(),
                  Optional.empty(), Optional.empty()),
              new ModelPrice(
                  "dated", "p", LocalDate.parse("2025-07-01"), "new", price(2_000_000),
                  price(2_000_000), Optional.empty(), Optional.empty(), Optional.empty(),
                  Optional.empty(), Optional.empty())));

  private final WorstCaseCost worstCase = new WorstCaseCost(PRICES, Duration.ofMinutes(10));

  private static TokenPrice price(long picoPerToken) {
    return new TokenPrice(picoPerToken);
  }

  private static ModelEntry model(String name, OptionalInt maxOutput) {
    return new ModelEntry(name, "p", name, new PriceSource.Listed(name), maxOutput, false);
  }

  private static Operation chat(OptionalInt maxTokens) {
    ChatRequest request = ChatRequest.of("m", "hello");
    if (maxTokens.isPresent()) {
      request = request.withInference(InferenceConfig.DEFAULTS.withMaxTokens(maxTokens.getAsInt()));
    }
    return new Operation.Chat(request, Optional.empty());
  }

  private static Operation chatWithCachePoint(int maxTokens, boolean inSystem) {
    ContentBlock point = new ContentBlock.CachePoint(ContentBlock.CacheTtl.FIVE_MINUTES);
    List<ContentBlock> system =
        inSystem ? List.of(new ContentBlock.Text("You are terse."), point) : List.of();
    List<Message> messages =
        inSystem
            ? List.of(Message.user("hello"))
            : List.of(new Message(Role.USER, List.of(new ContentBlock.Text("hello"), point)));
    return new Operation.Chat(
        new ChatRequest(
            "m", system, messages, InferenceConfig.DEFAULTS.withMaxTokens(maxTokens),
            Optional.empty(), new ResponseFormat.Text(), Map.of()),
        Optional.empty());
  }

  @Test
  void withMargin_addsAQuarterAndSixteen() {
    assertThat(WorstCaseCost.withMargin(0)).isEqualTo(16);
    assertThat(WorstCaseCost.withMargin(100)).isEqualTo(141);
    assertThat(WorstCaseCost.withMargin(1_000)).isEqualTo(1_266);
  }

  @Test
  void maxTokens_isPricedAsOutput_onTopOfTheInputWithItsMargin() {
    Money worst =
        worstCase.of(chat(OptionalInt.of(200)), List.of(model("cheap", OptionalInt.of(8_192))),
            1_000, DAY);

    assertThat(worst).isEqualTo(Money.ofPico(1_266 * CHEAP_IN + 200 * CHEAP_OUT));
  }

  @Test
  void maxTokensAboveTheModelsMaximum_isStillTakenAtItsWord() {
    Money worst =
        worstCase.of(chat(OptionalInt.of(10_000)), List.of(model("cheap", OptionalInt.of(4_096))),
            0, DAY);

    assertThat(worst).isEqualTo(Money.ofPico(16 * CHEAP_IN + 10_000 * CHEAP_OUT));
  }

  @Test
  void withoutMaxTokens_theModelsMaximumOutputIsAssumed() {
    Money worst =
        worstCase.of(chat(OptionalInt.empty()), List.of(model("cheap", OptionalInt.of(8_192))),
            100, DAY);

    assertThat(worst).isEqualTo(Money.ofPico(141 * CHEAP_IN + 8_192 * CHEAP_OUT));
  }

  @Test
  void withoutMaxTokensOrAKnownMaximum_theUnknownDefaultIsAssumed() {
    Money worst =
        worstCase.of(chat(OptionalInt.empty()), List.of(model("cheap", OptionalInt.empty())), 100,
            DAY);

    assertThat(WorstCaseCost.UNKNOWN_MAX_OUTPUT_TOKENS).isEqualTo(32_768);
    assertThat(worst).isEqualTo(Money.ofPico(141 * CHEAP_IN + 32_768 * CHEAP_OUT));
  }

  @Test
  void cachePoints_priceTheInputAtTheHighestCacheWritePrice() {
    ModelEntry dear = model("dear", OptionalInt.empty());

    for (boolean inSystem : new boolean[] {true, false}) {
      Money worst = worstCase.of(chatWithCachePoint(100, inSystem), List.of(dear), 1_000, DAY);
      assertThat(worst)
          .as(inSystem ? "cache point in the system prompt" : "cache point in a message")
          .isEqualTo(Money.ofPico(1_266 * DEAR_WRITE_1H + 100 * DEAR_OUT));
    }
    assertThat(worstCase.of(chat(OptionalInt.of(100)), List.of(dear), 1_000, DAY))
        .as("without cache points")
        .isEqualTo(Money.ofPico(1_266 * DEAR_IN + 100 * DEAR_OUT));
  }

  @Test
  void cachePoints_withOnlyAFiveMinuteWritePrice_useIt() {
    Money worst =
        worstCase.of(chatWithCachePoint(100, true), List.of(model("five", OptionalInt.empty())),
            1_000, DAY);

    assertThat(worst).isEqualTo(Money.ofPico(1_266 * DEAR_WRITE_5M + 100 * DEAR_OUT));
  }

  @Test
  void cachePoints_onAModelWithoutCachePrices_useTheInputPrice() {
    Money worst =
        worstCase.of(chatWithCachePoint(100, true), List.of(model("cheap", OptionalInt.empty())),
            1_000, DAY);

    assertThat(worst).isEqualTo(Money.ofPico(1_266 * CHEAP_IN + 100 * CHEAP_OUT));
  }

  @Test
  void machineTime_costsAtMostTheCeilingShareOfTheMachine() {
    // $3.60 an hour over 2 slots, at most 10 minutes a request: $0.30.
    ModelEntry local =
        new ModelEntry(
            "local", "own", "local.gguf", new PriceSource.MachineTime(Money.ofUsd("3.60"), 2),
            OptionalInt.empty(), false);

    Money worst = worstCase.of(chat(OptionalInt.of(100_000)), List.of(local), 1_000_000, DAY);

    assertThat(worst).isEqualTo(Money.ofUsd("0.30"));
  }

  @Test
  void alias_costsTheMostOfItsCandidates() {
    ModelEntry cheap = model("cheap", OptionalInt.of(8_192));
    ModelEntry dear = model("dear", OptionalInt.of(8_192));
    // $0.036 an hour over 2 slots: $0.003 for 10 minutes, $0.036 for 2 hours.
    ModelEntry local =
        new ModelEntry(
            "local", "own", "local.gguf", new PriceSource.MachineTime(Money.ofUsd("0.036"), 2),
            OptionalInt.empty(), false);
    Operation operation = chat(OptionalInt.of(1_000));
    Money dearOnly = worstCase.of(operation, List.of(dear), 500, DAY);

    assertThat(dearOnly).isEqualTo(Money.ofPico(641 * DEAR_IN + 1_000 * DEAR_OUT));
    assertThat(worstCase.of(operation, List.of(cheap, dear, local), 500, DAY)).isEqualTo(dearOnly);
    assertThat(worstCase.of(operation, List.of(local, dear, cheap), 500, DAY)).isEqualTo(dearOnly);
    // With a long enough ceiling the machine becomes the most expensive.
    WorstCaseCost slow = new WorstCaseCost(PRICES, Duration.ofHours(2));
    assertThat(slow.of(operation, List.of(cheap, dear, local), 500, DAY))
        .isEqualTo(Money.ofUsd("0.036"));
  }

  @Test
  void priceOfTheRequestsDay_isUsed() {
    ModelEntry dated = model("dated", OptionalInt.empty());
    Operation operation = chat(OptionalInt.of(84));

    assertThat(worstCase.of(operation, List.of(dated), 0, LocalDate.parse("2025-06-30")))
        .isEqualTo(Money.ofPico(100 * 1_000_000L));
    assertThat(worstCase.of(operation, List.of(dated), 0, DAY))
        .isEqualTo(Money.ofPico(100 * 2_000_000L));
  }

  @Test
  void unpricedModelsAndNoCandidates_costNothing() {
    assertThat(
            worstCase.of(chat(OptionalInt.of(100)), List.of(model("mystery", OptionalInt.empty())),
                1_000, DAY))
        .isEqualTo(Money.ZERO);
    assertThat(worstCase.of(chat(OptionalInt.of(100)), List.of(), 1_000, DAY))
        .isEqualTo(Money.ZERO);
  }

  @Test
  void embeddings_costOnlyTheirInput() {
    Operation embed =
        new Operation.Embed(new EmbeddingRequest("e", List.of("a", "b"), OptionalInt.empty()));

    assertThat(worstCase.of(embed, List.of(model("cheap", OptionalInt.of(8_192))), 100, DAY))
        .isEqualTo(Money.ofPico(141 * CHEAP_IN));
  }
}
