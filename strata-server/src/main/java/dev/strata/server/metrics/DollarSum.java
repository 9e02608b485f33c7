package dev.strata.server.metrics;

import dev.strata.core.money.Money;
import java.math.BigDecimal;
import java.util.concurrent.atomic.LongAdder;

/**
 * An exact running total of costs, read as US dollars. Whole micro-dollars and the pico-dollar
 * remainders add up separately, so the total neither drifts like a sum of doubles nor overflows
 * before trillions of dollars; only the value a scrape reads is rounded, once, to a double.
 */
final class DollarSum {
  private static final long PICO_PER_MICRO = 1_000_000L;
  private static final int MICRO_SCALE = 6;
  private static final int PICO_SCALE = 12;

  private final LongAdder micros = new LongAdder();
  private final LongAdder picoRemainders = new LongAdder();

  /** Adds {@code cost}; a negative amount (a credit) is ignored, as a counter never goes down. */
  void add(Money cost) {
    long pico = cost.picoUsd();
    if (pico <= 0) {
      return;
    }
    micros.add(pico / PICO_PER_MICRO);
    picoRemainders.add(pico % PICO_PER_MICRO);
  }

  BigDecimal exactUsd() {
    return BigDecimal.valueOf(micros.sum(), MICRO_SCALE)
        .add(BigDecimal.valueOf(picoRemainders.sum(), PICO_SCALE));
  }

  double usd() {
    return exactUsd().doubleValue();
  }
}
