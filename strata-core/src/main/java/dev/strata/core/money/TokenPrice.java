package dev.strata.core.money;

import java.math.BigDecimal;

/**
 * A price per token, held exactly. Published as USD per million tokens; one USD per million
 * tokens is one micro-dollar, i.e. 10⁶ pico-dollars, per token.
 */
public record TokenPrice(long picoUsdPerToken) {
  public static final TokenPrice FREE = new TokenPrice(0);

  public TokenPrice {
    if (picoUsdPerToken < 0) {
      throw new IllegalArgumentException("a price cannot be negative");
    }
  }

  /** Parses a list price in USD per million tokens, e.g. {@code "0.00875"}. */
  public static TokenPrice perMillion(String usdPerMillion) {
    return perMillion(new BigDecimal(usdPerMillion));
  }

  public static TokenPrice perMillion(BigDecimal usdPerMillion) {
    BigDecimal picoPerToken = usdPerMillion.movePointRight(6);
    if (picoPerToken.stripTrailingZeros().scale() > 0) {
      throw new IllegalArgumentException(
          "price " + usdPerMillion.toPlainString() + " USD per 1M tokens has more than six decimals");
    }
    try {
      return new TokenPrice(picoPerToken.longValueExact());
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "price " + usdPerMillion.toPlainString() + " USD per 1M tokens is too large", e);
    }
  }

  public Money times(long tokens) {
    return Money.ofPico(Math.multiplyExact(picoUsdPerToken, tokens));
  }

  /** USD per million tokens, as published. */
  public BigDecimal usdPerMillion() {
    return BigDecimal.valueOf(picoUsdPerToken, 6).stripTrailingZeros();
  }

  @Override
  public String toString() {
    return "$" + usdPerMillion().toPlainString() + "/1M";
  }
}
