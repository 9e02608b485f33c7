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
    cache:
      response:
        enabled: false   # measure relaying, not cache hits
    """
        .formatted(port, upstreamBaseUrl, model, model);
  }

  /**
   * One model on a mock Bedrock runtime through the {@code bedrock} provider (AWS SDK, SigV4 with
   * throw-away credentials the mock does not check).
   */
  static String bedrockYaml(int port, String mockBaseUrl, String model, String upstreamModel) {
    return """
    server:
      host: 127.0.0.1
      port: %d
    providers:
      mock:
        type: bedrock
        baseUrl: "%s"
        region: us-east-1
        accessKeyId: AKIDSTRATABENCH
        secretAccessKey: bench-secret
    models:
      - name: %s
        provider: mock
        upstreamModel: "%s"
    local:
      enabled: false
    cache:
      response:
        enabled: false   # measure relaying, not cache hits
    """
        .formatted(port, mockBaseUrl, model, upstreamModel);
  }
}
