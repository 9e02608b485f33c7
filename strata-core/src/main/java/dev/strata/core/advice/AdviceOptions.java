package dev.strata.core.advice;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;

/**
 * How tier advice judges traffic.
 *
 * @param latencyTolerantShare the least share of a key's on-demand requests that must not have
 *     been streamed for the key to count as latency-tolerant (0 to 1; 0.8 by default)
 * @param sizingPercentile the percentile of a model's hourly usage that provisioned capacity is
 *     sized to cover (1 to 100; 50 by default: the level traffic holds at least half the time)
 */
public record AdviceOptions(BigDecimal latencyTolerantShare, int sizingPercentile) {
  /** 80 % of requests not streamed; capacity sized to the median hour. */
  public static final AdviceOptions DEFAULTS = new AdviceOptions(new BigDecimal("0.8"), 50);

  public AdviceOptions {
    requireNonNull(latencyTolerantShare, "latencyTolerantShare");
    if (latencyTolerantShare.signum() < 0 || latencyTolerantShare.compareTo(BigDecimal.ONE) > 0) {
      throw new IllegalArgumentException(
          "latencyTolerantShare must be between 0 and 1, was "
              + latencyTolerantShare.toPlainString());
    }
    if (sizingPercentile < 1 || sizingPercentile > 100) {
      throw new IllegalArgumentException(
          "sizingPercentile must be between 1 and 100, was " + sizingPercentile);
    }
  }
}
