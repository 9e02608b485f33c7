/**
 * Observability: {@link dev.strata.server.metrics.StrataMetrics} counts every settled request for
 * {@code GET /metrics} (Prometheus text, served by {@link
 * dev.strata.server.metrics.MetricsEndpoint}), and {@link dev.strata.server.metrics.OtlpTracing}
 * exports one OpenTelemetry span per request over OTLP. Both read the ledger's records through a
 * decorator, so they agree with the ledger.
 */
package dev.strata.server.metrics;
