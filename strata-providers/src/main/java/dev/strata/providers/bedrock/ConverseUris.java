package dev.strata.providers.bedrock;

import static java.util.Objects.requireNonNull;

import dev.strata.core.aws.UriEncoding;
import dev.strata.core.error.StrataException;
import java.net.URI;

/**
 * The URIs of the Converse and ConverseStream calls: {@code https://bedrock-runtime.{region}
 * .amazonaws.com} or the configured endpoint, then {@code /model/{modelId}/converse[-stream]} with
 * the model id percent-encoded as one path segment (an ARN's {@code :} and {@code /} included).
 */
final class ConverseUris {
  private final String base;

  private ConverseUris(String base) {
    this.base = base;
  }

  static ConverseUris of(BedrockProviderConfig config) {
    requireNonNull(config, "config");
    URI endpoint =
        config
            .endpointOverride()
            .orElseGet(
                () -> URI.create("https://bedrock-runtime." + config.region() + ".amazonaws.com"));
    String path = endpoint.getRawPath() == null ? "" : endpoint.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return new ConverseUris(endpoint.getScheme() + "://" + authority(endpoint) + path);
  }

  URI converse(String modelId) {
    return uri(modelId, "converse");
  }

  URI converseStream(String modelId) {
    return uri(modelId, "converse-stream");
  }

  private URI uri(String modelId, String operation) {
    if (modelId.isBlank() || modelId.equals(".") || modelId.equals("..")) {
      throw StrataException.invalid("model", "'" + modelId + "' is not a Bedrock model id");
    }
    return URI.create(base + "/model/" + UriEncoding.encode(modelId) + "/" + operation);
  }

  /** The host and port; a port that is the scheme's default is left out, as the Host header does. */
  private static String authority(URI endpoint) {
    int port = endpoint.getPort();
    int standard = "https".equalsIgnoreCase(endpoint.getScheme()) ? 443 : 80;
    String host = endpoint.getHost();
    return port == -1 || port == standard ? host : host + ":" + port;
  }

  @Override
  public String toString() {
    return "ConverseUris[" + base + "]";
  }
}
