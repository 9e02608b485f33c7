package dev.strata.core.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MoneyTest {

  @Test
  void ofMicros_isAMillionPicoDollarsEach() {
    assertThat(Money.ofMicros(245).picoUsd()).isEqualTo(245_000_000L);
    assertThat(Money.ofMicros(245)).isEqualTo(Money.ofUsd("0.000245"));
  }

  @Test
  void ofUsd_parsesTwelveDecimalsExactly() {
    assertThat(Money.ofUsd("0.000000000001").picoUsd()).isEqualTo(1);
    assertThat(Money.ofUsd("1.5").picoUsd()).isEqualTo(1_500_000_000_000L);
    assertThat(Money.ofUsd(new BigDecimal("0.0025"))).isEqualTo(Money.ofMicros(2500));
  }

  @Test
  void ofUsd_acceptsTrailingZerosBeyondTwelveDecimals() {
    assertThat(Money.ofUsd("0.0000000000010000")).isEqualTo(Money.ofPico(1));
  }

  @Test
  void ofUsd_moreThanTwelveDecimals_isRejectedNamingTheAmount() {
    assertThatThrownBy(() -> Money.ofUsd("0.0000000000001"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0.0000000000001")
        .hasMessageContaining("not a whole number of pico-dollars");
  }

  @Test
  void ofUsd_notANumber_isRejected() {
    assertThatThrownBy(() -> Money.ofUsd("ten dollars")).isInstanceOf(NumberFormatException.class);
  }

  @Test
  void plus_isExactWhereDoublesAreNot() {
    Money sum = Money.ofUsd("0.1").plus(Money.ofUsd("0.2"));

    assertThat(sum).isEqualTo(Money.ofUsd("0.3"));
    assertThat(sum.toUsdString()).isEqualTo("0.3");
  }

  @Test
  void minusAndTimes_areExact() {
    assertThat(Money.ofMicros(1000).minus(Money.ofMicros(1))).isEqualTo(Money.ofMicros(999));
    assertThat(Money.ofPico(8750).times(1001)).isEqualTo(Money.ofPico(8_758_750));
    assertThat(Money.ofMicros(1).minus(Money.ofMicros(2)).isNegative()).isTrue();
  }

  @Test
  void plus_overflow_throwsArithmeticException() {
    Money max = Money.ofPico(Long.MAX_VALUE);

    assertThatThrownBy(() -> max.plus(Money.ofPico(1))).isInstanceOf(ArithmeticException.class);
  }

  @Test
  void minus_overflow_throwsArithmeticException() {
    Money min = Money.ofPico(Long.MIN_VALUE);

    assertThatThrownBy(() -> min.minus(Money.ofPico(1))).isInstanceOf(ArithmeticException.class);
  }

  @Test
  void times_overflow_throwsArithmeticException() {
    assertThatThrownBy(() -> Money.ofUsd("5000000").times(2))
        .isInstanceOf(ArithmeticException.class);
  }

  @Test
  void ofMicros_overflow_throwsArithmeticException() {
    assertThatThrownBy(() -> Money.ofMicros(Long.MAX_VALUE / 1000))
        .isInstanceOf(ArithmeticException.class);
  }

  @ParameterizedTest
  @CsvSource({
    "0, 0",
    "245000000, 0.000245",
    "1, 0.000000000001",
    "100000000000000, 100",
    "1500000000000, 1.5",
    "92093750, 0.00009209375",
    "-250000000000, -0.25",
  })
  void toUsdString_isPlainDecimalWithoutExponentOrTrailingZeros(long pico, String expected) {
    assertThat(Money.ofPico(pico).toUsdString()).isEqualTo(expected);
  }

  @Test
  void toString_isDollarSignAndPlainAmount() {
    assertThat(Money.ofMicros(245)).hasToString("$0.000245");
    assertThat(Money.ZERO).hasToString("$0");
  }

  @Test
  void toUsd_isExact() {
    assertThat(Money.ofPico(92_093_750).toUsd()).isEqualByComparingTo("0.00009209375");
  }

  @ParameterizedTest
  @CsvSource({
    "0, 0",
    "499999, 0",
    "500000, 1",
    "1499999, 1",
    "1500000, 2",
    "2637500000, 2638",
    "434700000, 435",
    "-500000, -1",
    "-1499999, -1",
  })
  void toMicrosRounded_roundsHalfUp(long pico, long micros) {
    assertThat(Money.ofPico(pico).toMicrosRounded()).isEqualTo(micros);
  }

  @Test
  void compareTo_ordersByAmount() {
    assertThat(Money.ofPico(1)).isGreaterThan(Money.ZERO).isLessThan(Money.ofMicros(1));
    assertThat(Money.ZERO.isZero()).isTrue();
    assertThat(Money.ofPico(1).isZero()).isFalse();
  }
}
