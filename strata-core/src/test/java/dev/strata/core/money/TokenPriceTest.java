package dev.strata.core.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenPriceTest {

  @ParameterizedTest
  @CsvSource({
    "2.50, 2500000",
    "10.00, 10000000",
    "0.075, 75000",
    "0.00875, 8750",
    "0.000001, 1",
    "0, 0",
  })
  void perMillion_oneUsdPerMillionIsOneMicroPerToken(String usdPerMillion, long picoPerToken) {
    assertThat(TokenPrice.perMillion(usdPerMillion).picoUsdPerToken()).isEqualTo(picoPerToken);
  }

  @Test
  void times_isExactInPicoDollars() {
    // 1 token at $0.00875/1M = $0.00000000875 = 8,750 pico-dollars
    assertThat(TokenPrice.perMillion("0.00875").times(1)).isEqualTo(Money.ofPico(8_750));
    // 1000 tokens at $2.50/1M = $0.0025
    assertThat(TokenPrice.perMillion("2.50").times(1000)).isEqualTo(Money.ofUsd("0.0025"));
  }

  @Test
  void perMillion_sevenDecimals_isRejectedWithAClearMessage() {
    assertThatThrownBy(() -> TokenPrice.perMillion("0.1234567"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("price 0.1234567 USD per 1M tokens has more than six decimals");
  }

  @Test
  void perMillion_trailingZerosBeyondSixDecimals_areAccepted() {
    assertThat(TokenPrice.perMillion("1.5000000")).isEqualTo(TokenPrice.perMillion("1.5"));
  }

  @Test
  void perMillion_negative_isRejected() {
    assertThatThrownBy(() -> TokenPrice.perMillion("-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a price cannot be negative");
  }

  @Test
  void times_overflow_throwsArithmeticException() {
    TokenPrice price = TokenPrice.perMillion("1000");

    assertThatThrownBy(() -> price.times(Long.MAX_VALUE / 1000))
        .isInstanceOf(ArithmeticException.class);
  }

  @Test
  void usdPerMillion_andToString_showThePublishedPrice() {
    TokenPrice price = TokenPrice.perMillion("2.50");

    assertThat(price.usdPerMillion()).isEqualByComparingTo("2.5");
    assertThat(price).hasToString("$2.5/1M");
    assertThat(TokenPrice.FREE.times(1_000_000)).isEqualTo(Money.ZERO);
  }

  @Test
  void perMillion_tooLarge_isRejectedAsTooLargeNotAsTooPrecise() {
    assertThatThrownBy(() -> TokenPrice.perMillion("10000000000000"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("decimals")
        .hasMessageContaining("too large");
  }
}
