package dev.strata.server.metrics;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where and how {@link OtlpTracing} exports spans.
 *
 * @param endpoint the collector's OTLP/HTTP address: a base such as {@code http://collector:4318}
 *     (spans go to {@code /v1/traces} under it) or a full URL whose path ends in {@code /v1/traces}
 * @param serviceName the {@code service.name} of every span, e.g. {@code strata}
 * @param headers sent with every export, e.g. a collector's API key; never logged
 * @param exportTimeout how long one export may take before it is abandoned
 * @param maxQueueSize the most spans waiting for export; beyond it new spans are dropped
 */
public record TracingOptions(
    URI endpoint,
    String serviceName,
    Map<String, String> headers,
    Duration exportTimeout,
    int maxQueueSize) {
  public static final String DEFAULT_SERVICE_NAME = "strata";
  public static final Duration DEFAULT_EXPORT_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_QUEUE_SIZE = 2048;

  static final String TRACES_PATH = "/v1/traces";

  public TracingOptions {
    requireNonNull(endpoint, "endpoint");
    requireNonNull(serviceName, "serviceName");
    headers = Map.copyOf(requireNonNull(headers, "headers"));
    requireNonNull(exportTimeout, "exportTimeout");
    String scheme = endpoint.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme) || endpoint.getHost() == null) {
      throw new IllegalArgumentException(
          "telemetry.otlp.endpoint must be an http:// or https:// URL, got " + endpoint);
    }
    if (endpoint.getUserInfo() != null) {
      throw new IllegalArgumentException(
          "telemetry.otlp.endpoint cannot carry credentials; put them in telemetry.otlp.headers");
    }
    if (serviceName.isBlank()) {
      throw new IllegalArgumentException("telemetry.otlp.serviceName cannot be blank");
    }
    if (exportTimeout.isNegative() || exportTimeout.isZero()) {
      throw new IllegalArgumentException("telemetry.otlp.exportTimeout must be positive");
    }
    if (maxQueueSize < 1) {
      throw new IllegalArgumentException(
          "telemetry.otlp.maxQueueSize must be at least 1, got " + maxQueueSize);
    }
  }

  /** Options with the default service name, no headers, and the default timeout and queue. */
  public static TracingOptions of(URI endpoint) {
    return new TracingOptions(
        endpoint, DEFAULT_SERVICE_NAME, Map.of(), DEFAULT_EXPORT_TIMEOUT, DEFAULT_MAX_QUEUE_SIZE);
  }

  /** The URL spans are posted to. */
  String tracesUrl() {
    String url = endpoint.toString();
    String path = endpoint.getPath();
    if (path != null && path.endsWith(TRACES_PATH)) {
      return url;
    }
    return (url.endsWith("/") ? url.substring(0, url.length() - 1) : url) + TRACES_PATH;
  }

  /** Shows header names only: their values are often credentials. */
  @Override
  public String toString() {
    return "TracingOptions[endpoint="
        + endpoint
        + ", serviceName="
        + serviceName
        + ", headers="
        + new TreeMap<>(headers).keySet()
        + ", exportTimeout="
        + exportTimeout
        + ", maxQueueSize="
        + maxQueueSize
        + "]";
  }
}
