package dev.strata.bench;

/** The Strata configuration the benchmark gives a gateway it launches: one model on the mock. */
final class StrataConfigFile {

  private StrataConfigFile() {}

  static String yaml(int port, String upstreamBaseUrl, String model) {
    return """
    server:
      host: 127.0.0.1
      port: %d
    providers:
      mock:
        type: openai
        baseUrl: "%s"
        apiKey: sk-mock
    models:
      - name: %s
        provider: mock
        upstreamModel: %s
        price: gpt-4o-mini
    local:
      enabled: false
    """
        .formatted(port, upstreamBaseUrl, model, model);
  }
}
