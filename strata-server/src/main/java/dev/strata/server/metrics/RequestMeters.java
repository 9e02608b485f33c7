package dev.strata.server.metrics;

import dev.strata.core.ledger.UsageRecord;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns each settled request into metrics: the request count, its tokens by kind, its cost, its
 * latency and time to first token, its prompt-cache outcome and, if the upstream failed it, an
 * upstream error.
 */
final class RequestMeters implements UsageObserver {
  /** Error kinds that say the upstream, not the caller or Strata, failed the request. */
  private static final Set<String> UPSTREAM_FAILURES =
      Set.of("upstream_error", "upstream_timeout", "unavailable");

  private final RequestLabels.Labeller labeller;
  private final RequestInstruments instruments;
  private final Map<RequestLabels, RequestSeries> series = new ConcurrentHashMap<>();

  RequestMeters(MeterRegistry registry, int maxValuesPerLabel) {
    this.labeller = new RequestLabels.Labeller(maxValuesPerLabel);
    this.instruments = new RequestInstruments(registry);
  }

  @Override
  public void observe(UsageRecord record) {
    RequestLabels labels = labeller.label(record);
    RequestSeries meters = series.get(labels);
    if (meters == null) {
      meters = series.computeIfAbsent(labels, key -> new RequestSeries(instruments, key));
    }
    meters.countRequest(record);
    if (record.usage().totalTokens() > 0) {
      meters.countTokens(record.usage());
    }
    if (labels.isSuccess()) {
      meters.countSuccess(record);
    } else if (UPSTREAM_FAILURES.contains(record.status())) {
      meters.countUpstreamError(record.httpStatus());
    }
  }
}
