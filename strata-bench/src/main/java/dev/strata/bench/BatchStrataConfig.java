package dev.strata.bench;

import java.time.Duration;

/**
 * The configuration {@link BatchThroughputBenchmark} gives each gateway it launches: one model on
 * the mock upstream, whose batch API is not used, and a batch worker of the swept concurrency.
 */
final class BatchStrataConfig {

  private BatchStrataConfig() {}

  static String yaml(
      int port, String upstreamBaseUrl, String model, int concurrency, Duration idlePoll) {
    return """
    server:
      host: 127.0.0.1
      port: %d
    providers:
      mock:
        type: openai
        baseUrl: "%s"
        apiKey: sk-mock
        nativeBatch: false   # batch records run through on-demand calls
    models:
      - name: %s
        provider: mock
        upstreamModel: %s
        price: %s
    local:
      enabled: false
    cache:
      response:
        enabled: false   # every record and request reaches the upstream
    batch:
      concurrency: %d
      idlePoll: %dms
    """
        .formatted(port, upstreamBaseUrl, model, model, model, concurrency, idlePoll.toMillis());
  }
}
