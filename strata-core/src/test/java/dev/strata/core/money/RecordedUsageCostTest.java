package dev.strata.core.money;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.model.Usage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * Acceptance: usage recorded from real provider responses (src/test/resources/fixtures/usage) is
 * priced by the shipped price book to the micro-dollar — to the pico-dollar where list prices have
 * more decimals. Each expected amount is worked out by hand in the comment above it.
 */
class RecordedUsageCostTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final PriceBook BOOK = PriceBookLoader.shipped();

  /** Anthropic and Bedrock bodies carry no date; these were recorded on this day. */
  private static final LocalDate RECORDED_ON = LocalDate.parse("2025-07-01");

  private static JsonNode fixture(String name) {
    try (InputStream in =
        RecordedUsageCostTest.class.getResourceAsStream("/fixtures/usage/" + name)) {
      assertThat(in).as("fixture %s", name).isNotNull();
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** OpenAI's prompt_tokens include the cached ones; canonical input counts only the uncached. */
  private static Usage openAiUsage(JsonNode usage) {
    long prompt = usage.get("prompt_tokens").asLong();
    long cached = usage.path("prompt_tokens_details").path("cached_tokens").asLong(0);
    return new Usage(prompt - cached, usage.get("completion_tokens").asLong(), cached, 0, 0);
  }

  private static LocalDate openAiDay(JsonNode body) {
    return LocalDate.ofInstant(Instant.ofEpochSecond(body.get("created").asLong()), ZoneOffset.UTC);
  }

  /** Anthropic splits cache writes by TTL in cache_creation; without it every write is 5-minute. */
  private static Usage anthropicUsage(JsonNode usage) {
    long writes = usage.path("cache_creation_input_tokens").asLong(0);
    JsonNode split = usage.path("cache_creation");
    long write1h = split.path("ephemeral_1h_input_tokens").asLong(0);
    long write5m = split.isObject() ? split.path("ephemeral_5m_input_tokens").asLong(0) : writes;
    assertThat(write5m + write1h).as("cache_creation split adds up").isEqualTo(writes);
    return new Usage(
        usage.get("input_tokens").asLong(),
        usage.get("output_tokens").asLong(),
        usage.path("cache_read_input_tokens").asLong(0),
        write5m,
        write1h);
  }

  private static Usage bedrockUsage(JsonNode usage) {
    return new Usage(
        usage.get("inputTokens").asLong(),
        usage.get("outputTokens").asLong(),
        usage.path("cacheReadInputTokens").asLong(0),
        usage.path("cacheWriteInputTokens").asLong(0),
        0);
  }

  private static Money cost(String priceId, LocalDate day, Usage usage, Tier tier) {
    ModelPrice price = BOOK.priceOn(priceId, day).orElseThrow();
    return CostCalculator.cost(price, usage, tier).total();
  }

  @Test
  void openAiGpt4oWithCachedPrompt_costsExactly5615Micros() {
    JsonNode body = fixture("openai-gpt-4o-cached.json");
    Usage usage = openAiUsage(body.get("usage"));

    assertThat(usage).isEqualTo(new Usage(86, 300, 1920, 0, 0));
    assertThat(usage.totalInputTokens()).isEqualTo(2006);
    // (2006 − 1920) × 2.50 + 1920 × 1.25 + 300 × 10.00 = 215 + 2400 + 3000 = 5615 µ$
    assertThat(cost("gpt-4o", openAiDay(body), usage, Tier.ON_DEMAND))
        .isEqualTo(Money.ofMicros(5615))
        .hasToString("$0.005615");
  }

  @Test
  void openAiGpt4oMiniWithoutCache_costsExactly434point7Micros() {
    JsonNode body = fixture("openai-gpt-4o-mini.json");
    Usage usage = openAiUsage(body.get("usage"));

    assertThat(usage).isEqualTo(Usage.of(1250, 412));
    // 1250 × 0.15 + 412 × 0.60 = 187.5 + 247.2 = 434.7 µ$ = 434,700,000 p$
    Money cost = cost("gpt-4o-mini", openAiDay(body), usage, Tier.ON_DEMAND);
    assertThat(cost).isEqualTo(Money.ofPico(434_700_000));
    assertThat(cost.toUsdString()).isEqualTo("0.0004347");
    assertThat(cost.toMicrosRounded()).isEqualTo(435);
  }

  @Test
  void openAiStreamFinalUsageChunk_costsExactly2637point5Micros() {
    JsonNode chunk = fixture("openai-gpt-4o-stream-final-chunk.json");
    assertThat(chunk.get("object").asText()).isEqualTo("chat.completion.chunk");
    assertThat(chunk.get("choices")).isEmpty();
    Usage usage = openAiUsage(chunk.get("usage"));

    assertThat(usage).isEqualTo(new Usage(163, 95, 1024, 0, 0));
    // (1187 − 1024) × 2.50 + 1024 × 1.25 + 95 × 10.00 = 407.5 + 1280 + 950 = 2637.5 µ$
    Money cost = cost("gpt-4o", openAiDay(chunk), usage, Tier.ON_DEMAND);
    assertThat(cost).isEqualTo(Money.ofPico(2_637_500_000L));
    assertThat(cost.toUsdString()).isEqualTo("0.0026375");
  }

  @Test
  void openAiBatchOutputLine_isPricedAtBatchPrices() {
    JsonNode body = fixture("openai-batch-gpt-4o-mini-output-line.json").at("/response/body");
    Usage usage = openAiUsage(body.get("usage"));

    assertThat(usage).isEqualTo(Usage.of(850, 120));
    // batch: 850 × 0.075 + 120 × 0.30 = 63.75 + 36 = 99.75 µ$
    assertThat(cost("gpt-4o-mini", openAiDay(body), usage, Tier.BATCH))
        .isEqualTo(Money.ofPico(99_750_000));
    // on demand the same call would cost 850 × 0.15 + 120 × 0.60 = 127.5 + 72 = 199.5 µ$
    assertThat(cost("gpt-4o-mini", openAiDay(body), usage, Tier.ON_DEMAND))
        .isEqualTo(Money.ofPico(199_500_000));
  }

  @Test
  void claudeSonnet4WritingFiveMinuteAndOneHourCache_costsExactly24243Micros() {
    Usage usage =
        anthropicUsage(fixture("anthropic-claude-sonnet-4-cache-write.json").get("usage"));

    assertThat(usage).isEqualTo(new Usage(21, 512, 0, 1200, 2000));
    // 21 × 3.00 + 512 × 15.00 + 1200 × 3.75 + 2000 × 6.00 = 63 + 7680 + 4500 + 12000 = 24243 µ$
    Cost cost =
        CostCalculator.cost(
            BOOK.priceOn("claude-sonnet-4-20250514", RECORDED_ON).orElseThrow(),
            usage,
            Tier.ON_DEMAND);
    assertThat(cost.cacheWrite()).isEqualTo(Money.ofMicros(16_500));
    assertThat(cost.total()).isEqualTo(Money.ofMicros(24_243));
  }

  @Test
  void claudeSonnet4ReadingCache_costsExactly5370Micros() {
    Usage usage = anthropicUsage(fixture("anthropic-claude-sonnet-4-cache-read.json").get("usage"));

    assertThat(usage).isEqualTo(new Usage(35, 287, 3200, 0, 0));
    // 35 × 3.00 + 287 × 15.00 + 3200 × 0.30 = 105 + 4305 + 960 = 5370 µ$
    assertThat(cost("claude-sonnet-4-20250514", RECORDED_ON, usage, Tier.ON_DEMAND))
        .isEqualTo(Money.ofMicros(5370));
  }

  @Test
  void claudeSonnet4OnBedrock_costsTheSameAsOnAnthropic() {
    Usage usage =
        anthropicUsage(fixture("anthropic-claude-sonnet-4-cache-write.json").get("usage"));

    assertThat(cost("anthropic.claude-sonnet-4-20250514-v1:0", RECORDED_ON, usage, Tier.ON_DEMAND))
        .isEqualTo(Money.ofMicros(24_243));
  }

  @Test
  void claudeSonnet4BatchResult_isPricedAtBatchPrices() {
    JsonNode result = fixture("anthropic-claude-sonnet-4-batch-result.json").at("/result/message");
    Usage usage = anthropicUsage(result.get("usage"));

    assertThat(usage).isEqualTo(Usage.of(1200, 400));
    // batch: 1200 × 1.50 + 400 × 7.50 = 1800 + 3000 = 4800 µ$
    assertThat(cost("claude-sonnet-4-20250514", RECORDED_ON, usage, Tier.BATCH))
        .isEqualTo(Money.ofMicros(4800));
  }

  @Test
  void novaMicroWithSubMicroDollarCacheReadPrice_isExactToThePicoDollar() {
    Usage usage = bedrockUsage(fixture("bedrock-nova-micro-converse.json").get("usage"));

    assertThat(usage).isEqualTo(new Usage(1537, 211, 1001, 0, 0));
    assertThat(usage.totalTokens()).isEqualTo(2749);
    // 1537 × 0.035   =  53.795   µ$ = 53,795,000 p$
    //  211 × 0.14    =  29.54    µ$ = 29,540,000 p$
    // 1001 × 0.00875 =   8.75875 µ$ =  8,758,750 p$
    // total                          = 92,093,750 p$ = $0.00009209375
    Cost cost =
        CostCalculator.cost(
            BOOK.priceOn("amazon.nova-micro-v1:0", RECORDED_ON).orElseThrow(),
            usage,
            Tier.ON_DEMAND);
    assertThat(cost.cacheRead()).isEqualTo(Money.ofPico(8_758_750));
    assertThat(cost.total()).isEqualTo(Money.ofPico(92_093_750));
    assertThat(cost.total().toUsdString()).isEqualTo("0.00009209375");
  }

  @Test
  void novaMicroSingleCachedToken_costsEightThousandSevenHundredFiftyPicoDollars() {
    // 1 × 0.00875 $/1M = 0.00000000875 $ = 8,750 p$, below one micro-dollar
    Money cost =
        cost("amazon.nova-micro-v1:0", RECORDED_ON, new Usage(0, 0, 1, 0, 0), Tier.ON_DEMAND);

    assertThat(cost).isEqualTo(Money.ofPico(8_750));
    assertThat(cost.toMicrosRounded()).isZero();
  }

  @Test
  void novaMicroBatch_isPricedAtHalfTheOnDemandPrice() {
    // batch: 1537 × 0.0175 + 211 × 0.07 = 26.8975 + 14.77 = 41.6675 µ$ = 41,667,500 p$
    assertThat(cost("amazon.nova-micro-v1:0", RECORDED_ON, Usage.of(1537, 211), Tier.BATCH))
        .isEqualTo(Money.ofPico(41_667_500));
  }

  @Test
  void bedrockClaude3HaikuWithoutCachePrices_billsCacheTokensAsInput() {
    // the Bedrock entry lists no cache prices: reads and both writes fall back to input (0.25)
    // 100 × 0.25 + 10 × 1.25 + 1000 × 0.25 + 400 × 0.25 + 200 × 0.25 = 25 + 12.5 + 250 + 100 + 50
    //   = 437.5 µ$
    assertThat(
            cost(
                "anthropic.claude-3-haiku-20240307-v1:0",
                RECORDED_ON,
                new Usage(100, 10, 1000, 400, 200),
                Tier.ON_DEMAND))
        .isEqualTo(Money.ofPico(437_500_000));
  }
}
