package dev.strata.bench;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.bench.load.LoadRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The same ConverseStream request sent straight to the mock Bedrock runtime and through Strata's
 * {@code /model/{id}/converse-stream}; both carry a bearer key (the mock ignores its own).
 */
record ConverseStreamTargets(LoadRequest direct, LoadRequest viaStrata) {

  private static final String PROMPT =
      "Summarise in one sentence why a company would put a gateway in front of its LLM providers.";

  ConverseStreamTargets {
    requireNonNull(direct, "direct");
    requireNonNull(viaStrata, "viaStrata");
  }

  static ConverseStreamTargets of(
      String mockBaseUrl, String upstreamModel, URI gateway, String model, String apiKey) {
    String body = converseBody();
    URI direct =
        URI.create(mockBaseUrl + "/model/" + pathSegment(upstreamModel) + "/converse-stream");
    URI viaStrata = gateway.resolve("/model/" + pathSegment(model) + "/converse-stream");
    return new ConverseStreamTargets(
        request(direct, "bearer-ignored-by-the-mock", body), request(viaStrata, apiKey, body));
  }

  /** A real Converse body: system prompt, one user turn, inference settings. */
  static String converseBody() {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.putArray("system").addObject().put("text", "You are a concise assistant.");
    ObjectNode user = body.putArray("messages").addObject().put("role", "user");
    user.putArray("content").addObject().put("text", PROMPT);
    body.putObject("inferenceConfig").put("maxTokens", 64).put("temperature", 0.2);
    return body.toString();
  }

  private static LoadRequest request(URI uri, String bearerKey, String body) {
    return new LoadRequest(
        "POST",
        uri,
        Map.of(
            "content-type", "application/json",
            "accept", "application/vnd.amazon.eventstream",
            "authorization", "Bearer " + bearerKey),
        body);
  }

  /** Percent-encodes what a path segment cannot hold, as the AWS SDKs do with model ids. */
  private static String pathSegment(String id) {
    StringBuilder encoded = new StringBuilder();
    for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '.' || c == '_' || c == '~') {
        encoded.append((char) c);
      } else {
        encoded.append('%').append(String.format("%02X", c));
      }
    }
    return encoded.toString();
  }
}
