package dev.strata.server.metrics;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The request meters' names, descriptions and buckets; each label set takes its own series from
 * them. Histogram buckets are the GenAI conventions' own, sized for LLM calls rather than the
 * millisecond web requests Micrometer's defaults fit.
 */
final class RequestInstruments {
  /** Token-count buckets of {@code gen_ai.client.token.usage}: powers of 4 from 1 to 64 Mi. */
  static final double[] TOKEN_BUCKETS = {
    1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864
  };

  /** The conventions' operation-duration buckets, in seconds, plus two for long reasoning. */
  static final Duration[] DURATION_BUCKETS =
      seconds(
          0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
          163.84, 327.68);

  /** The conventions' time-to-first-token buckets, in seconds, plus two for slow starters. */
  static final Duration[] FIRST_TOKEN_BUCKETS =
      seconds(
          0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5,
          10.0, 20.0, 40.0);

  private final MeterRegistry registry;
  private final Meter.MeterProvider<Counter> requests;
  private final Meter.MeterProvider<DistributionSummary> tokens;
  private final Meter.MeterProvider<Timer> durations;
  private final Meter.MeterProvider<Timer> firstTokens;
  private final Meter.MeterProvider<Counter> cacheOutcomes;
  private final Meter.MeterProvider<Counter> upstreamErrors;
  private final Map<Tags, DollarSum> costs = new ConcurrentHashMap<>();

  RequestInstruments(MeterRegistry registry) {
    this.registry = requireNonNull(registry, "registry");
    this.requests =
        Counter.builder(SemanticNames.REQUESTS)
            .description("Requests settled, by model, provider, wire format and error type")
            .withRegistry(registry);
    this.tokens =
        DistributionSummary.builder(SemanticNames.TOKEN_USAGE)
            .description(
                "Tokens per request by gen_ai.token.type: input (all input, cached included),"
                    + " output, and the cache_read and cache_write parts of input")
            .serviceLevelObjectives(TOKEN_BUCKETS)
            .withRegistry(registry);
    this.durations =
        Timer.builder(SemanticNames.REQUEST_DURATION)
            .description("Time from receiving a request to finishing its response or stream")
            .serviceLevelObjectives(DURATION_BUCKETS)
            .withRegistry(registry);
    this.firstTokens =
        Timer.builder(SemanticNames.TIME_TO_FIRST_TOKEN)
            .description("Time until a successful stream relayed its first content")
            .serviceLevelObjectives(FIRST_TOKEN_BUCKETS)
            .withRegistry(registry);
    this.cacheOutcomes =
        Counter.builder(SemanticNames.PROMPT_CACHE)
            .description("Successful requests by prompt-cache outcome: read, write or none")
            .withRegistry(registry);
    this.upstreamErrors =
        Counter.builder(SemanticNames.UPSTREAM_ERRORS)
            .description("Requests the upstream failed: errors, timeouts, unavailability")
            .withRegistry(registry);
  }

  Meter.MeterProvider<Counter> requests() {
    return requests;
  }

  Meter.MeterProvider<DistributionSummary> tokens() {
    return tokens;
  }

  Meter.MeterProvider<Timer> durations() {
    return durations;
  }

  Meter.MeterProvider<Timer> firstTokens() {
    return firstTokens;
  }

  Meter.MeterProvider<Counter> cacheOutcomes() {
    return cacheOutcomes;
  }

  Meter.MeterProvider<Counter> upstreamErrors() {
    return upstreamErrors;
  }

  /**
   * The one running total behind a cost series. Several label sets (a model's successes and
   * failures) share a cost series, so the total is kept here, registered once.
   */
  DollarSum cost(Tags tags) {
    return costs.computeIfAbsent(
        tags,
        key -> {
          DollarSum sum = new DollarSum();
          FunctionCounter.builder(SemanticNames.COST, sum, DollarSum::usd)
              .description(
                  "Cost in US dollars, summed exactly;"
                      + " the ledger holds each request's exact figure")
              .baseUnit("usd")
              .tags(key)
              .register(registry);
          return sum;
        });
  }

  private static Duration[] seconds(double... values) {
    Duration[] durations = new Duration[values.length];
    for (int i = 0; i < values.length; i++) {
      durations[i] = Duration.ofNanos(Math.round(values[i] * 1_000_000_000d));
    }
    return durations;
  }
}
