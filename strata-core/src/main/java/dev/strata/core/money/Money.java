package dev.strata.core.money;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * An exact amount of US dollars, held as a whole number of pico-dollars (10⁻¹² USD) so that list
 * prices with up to six decimals per million tokens multiply out without rounding. Never a double.
 */
public record Money(long picoUsd) implements Comparable<Money> {
  public static final Money ZERO = new Money(0);
  static final BigDecimal PICO_PER_USD = BigDecimal.TEN.pow(12);
  private static final long PICO_PER_MICRO = 1_000_000L;

  public static Money ofPico(long picoUsd) {
    return new Money(picoUsd);
  }

  public static Money ofMicros(long microUsd) {
    return new Money(Math.multiplyExact(microUsd, PICO_PER_MICRO));
  }

  /** Parses a decimal dollar amount such as {@code "0.0025"}; more than 12 decimals is an error. */
  public static Money ofUsd(String usd) {
    return ofUsd(new BigDecimal(usd));
  }

  public static Money ofUsd(BigDecimal usd) {
    try {
      return new Money(usd.multiply(PICO_PER_USD).longValueExact());
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "amount " + usd.toPlainString() + " USD is not a whole number of pico-dollars", e);
    }
  }

  public Money plus(Money other) {
    return new Money(Math.addExact(picoUsd, other.picoUsd));
  }

  public Money minus(Money other) {
    return new Money(Math.subtractExact(picoUsd, other.picoUsd));
  }

  public Money times(long factor) {
    return new Money(Math.multiplyExact(picoUsd, factor));
  }

  public boolean isZero() {
    return picoUsd == 0;
  }

  public boolean isNegative() {
    return picoUsd < 0;
  }

  /** The exact amount in dollars. */
  public BigDecimal toUsd() {
    return BigDecimal.valueOf(picoUsd, 12).stripTrailingZeros();
  }

  /** The amount in whole micro-dollars, rounded half-up, for display and reports. */
  public long toMicrosRounded() {
    return BigDecimal.valueOf(picoUsd)
        .divide(BigDecimal.valueOf(PICO_PER_MICRO), 0, RoundingMode.HALF_UP)
        .longValueExact();
  }

  /** The exact amount as a plain decimal dollar string, e.g. {@code "0.000245"}. */
  public String toUsdString() {
    BigDecimal usd = toUsd();
    return usd.signum() == 0 ? "0" : usd.toPlainString();
  }

  @Override
  public int compareTo(Money other) {
    return Long.compare(picoUsd, other.picoUsd);
  }

  @Override
  public String toString() {
    return "$" + toUsdString();
  }
}
