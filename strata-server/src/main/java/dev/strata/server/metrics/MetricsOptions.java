package dev.strata.server.metrics;

/**
 * How {@link StrataMetrics} behaves.
 *
 * @param maxValuesPerLabel the most distinct values one label (e.g. the requested model) takes
 *     before further values are counted as {@code _other}; bounds what a caller can add to a scrape
 * @param jvmMetrics whether to publish JVM and process metrics (memory, GC, threads, CPU, uptime)
 */
public record MetricsOptions(int maxValuesPerLabel, boolean jvmMetrics) {
  /** 200 values per label, JVM metrics on. */
  public static final MetricsOptions DEFAULTS = new MetricsOptions(200, true);

  public MetricsOptions {
    if (maxValuesPerLabel < 1) {
      throw new IllegalArgumentException(
          "metrics.maxValuesPerLabel must be at least 1, got " + maxValuesPerLabel);
    }
  }
}
