package dev.strata.core.money;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shipped price book's cache prices follow each provider's published multipliers of the input
 * price, so a typo in one number cannot bill cache tokens 10× wrong.
 */
class ShippedCachePricesTest {
  private static final PriceBook BOOK = PriceBookLoader.shipped();
  private static final LocalDate TODAY = LocalDate.parse("2026-01-01");

  private static ModelPrice price(String model) {
    return BOOK.priceOn(model, TODAY).orElseThrow();
  }

  private static BigDecimal times(TokenPrice price, String factor) {
    return price.usdPerMillion().multiply(new BigDecimal(factor)).stripTrailingZeros();
  }

  @Test
  void claudeOnAnthropicAndBedrock_writes125And200PercentAndReads10PercentOfInput() {
    for (String model :
        List.of(
            "claude-sonnet-4-20250514",
            "claude-3-5-haiku-20241022",
            "anthropic.claude-sonnet-4-20250514-v1:0",
            "anthropic.claude-3-5-haiku-20241022-v1:0")) {
      ModelPrice price = price(model);
      assertThat(price.cacheWrite5mPrice().usdPerMillion())
          .as("%s 5-minute write", model)
          .isEqualByComparingTo(times(price.input(), "1.25"));
      assertThat(price.cacheWrite1hPrice().usdPerMillion())
          .as("%s 1-hour write", model)
          .isEqualByComparingTo(times(price.input(), "2"));
      assertThat(price.cacheReadPrice().usdPerMillion())
          .as("%s read", model)
          .isEqualByComparingTo(times(price.input(), "0.1"));
    }
  }

  @Test
  void claudeOnBedrock_costsTheSameAsOnAnthropic() {
    assertThat(price("anthropic.claude-sonnet-4-20250514-v1:0"))
        .usingRecursiveComparison()
        .comparingOnlyFields(
            "input", "output", "cacheWrite5m", "cacheWrite1h", "cacheRead", "batchInput")
        .isEqualTo(price("claude-sonnet-4-20250514"));
  }

  @Test
  void nova_reads25PercentOfInputAndWritesAtPlainInput() {
    for (String model :
        List.of("amazon.nova-micro-v1:0", "amazon.nova-lite-v1:0", "amazon.nova-pro-v1:0")) {
      ModelPrice price = price(model);
      assertThat(price.cacheReadPrice().usdPerMillion())
          .as("%s read", model)
          .isEqualByComparingTo(times(price.input(), "0.25"));
      assertThat(price.cacheWrite5mPrice()).as("%s 5-minute write", model).isEqualTo(price.input());
      assertThat(price.cacheWrite1hPrice()).as("%s 1-hour write", model).isEqualTo(price.input());
    }
  }

  @Test
  void openAi_cachedInputAtHalfTheInputPriceWithNoWriteSurcharge() {
    for (String model : List.of("gpt-4o", "gpt-4o-mini")) {
      ModelPrice price = price(model);
      assertThat(price.cacheReadPrice().usdPerMillion())
          .as("%s cached input", model)
          .isEqualByComparingTo(times(price.input(), "0.5"));
      assertThat(price.cacheWrite5m()).as("%s has no write price", model).isEmpty();
      assertThat(price.cacheWrite5mPrice()).isEqualTo(price.input());
    }
  }

  @Test
  void everyShippedPrice_namesWhereItCameFrom() {
    assertThat(BOOK.all()).allSatisfy(price -> assertThat(price.source()).startsWith("https://"));
  }
}
