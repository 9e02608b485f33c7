package dev.strata.server.metrics;

import static java.util.Objects.requireNonNull;

import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.model.Usage;
import dev.strata.core.money.Tier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The meters of one label set, looked up in the registry once and then kept, so counting a request
 * builds no tags and searches no registry. Meters a label set may never need (time to first token,
 * cache tokens, upstream errors) are created when first used, so they appear only when they count.
 */
final class RequestSeries {
  private final RequestInstruments instruments;
  private final Tags model;
  private final Tags withError;
  private final Counter requests;
  private final Timer duration;
  private final Map<String, DistributionSummary> tokens = new ConcurrentHashMap<>();
  private final Map<Tier, DollarSum> costs = new ConcurrentHashMap<>();
  private final Map<CacheOutcome, Counter> cacheOutcomes = new ConcurrentHashMap<>();
  private final Map<Integer, Counter> upstreamErrors = new ConcurrentHashMap<>();
  private volatile Timer firstToken;

  RequestSeries(RequestInstruments instruments, RequestLabels labels) {
    this.instruments = requireNonNull(instruments, "instruments");
    this.model = labels.model();
    this.withError = model.and(SemanticNames.ERROR_TYPE, labels.errorType());
    this.requests =
        instruments
            .requests()
            .withTags(withError.and(SemanticNames.WIRE_FORMAT, labels.wireFormat()));
    this.duration = instruments.durations().withTags(withError);
  }

  void countRequest(UsageRecord record) {
    requests.increment();
    duration.record(Duration.ofMillis(record.latencyMillis()));
    costs
        .computeIfAbsent(
            record.tier(),
            tier -> instruments.cost(model.and(SemanticNames.TIER, tier.wireName())))
        .add(record.cost());
  }

  void countTokens(Usage usage) {
    tokens("input").record(usage.totalInputTokens());
    tokens("output").record(usage.outputTokens());
    if (usage.cacheReadInputTokens() > 0) {
      tokens("cache_read").record(usage.cacheReadInputTokens());
    }
    if (usage.cacheWriteInputTokens() > 0) {
      tokens("cache_write").record(usage.cacheWriteInputTokens());
    }
  }

  void countSuccess(UsageRecord record) {
    record
        .timeToFirstTokenMillis()
        .ifPresent(millis -> firstToken().record(Duration.ofMillis(millis)));
    cacheOutcomes
        .computeIfAbsent(
            CacheOutcome.of(record.usage()),
            outcome ->
                instruments
                    .cacheOutcomes()
                    .withTags(model.and(SemanticNames.CACHE_OUTCOME, outcome.label())))
        .increment();
  }

  void countUpstreamError(int httpStatus) {
    upstreamErrors
        .computeIfAbsent(
            httpStatus,
            status ->
                instruments
                    .upstreamErrors()
                    .withTags(withError.and(SemanticNames.HTTP_STATUS, Integer.toString(status))))
        .increment();
  }

  private DistributionSummary tokens(String type) {
    return tokens.computeIfAbsent(
        type, t -> instruments.tokens().withTags(model.and(SemanticNames.TOKEN_TYPE, t)));
  }

  private Timer firstToken() {
    Timer timer = firstToken;
    if (timer == null) {
      timer = instruments.firstTokens().withTags(model);
      firstToken = timer;
    }
    return timer;
  }
}
