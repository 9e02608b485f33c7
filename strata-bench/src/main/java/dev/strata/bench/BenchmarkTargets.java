package dev.strata.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.bench.load.LoadRequest;
import dev.strata.bench.mock.MockOpenAiUpstream;
import java.net.URI;

/** The same chat request sent straight to the mock upstream and through the gateway. */
record BenchmarkTargets(LoadRequest direct, LoadRequest gateway) {

  private static final String PROMPT =
      "Summarise in one sentence why a company would put a gateway in front of its LLM providers.";

  static BenchmarkTargets of(
      MockOpenAiUpstream upstream, GatewayUnderTest gateway, String model, boolean stream) {
    String body = chatBody(model, stream);
    URI directUri = URI.create(upstream.baseUrl() + "/chat/completions");
    URI gatewayUri = gateway.baseUri().resolve("/v1/chat/completions");
    return new BenchmarkTargets(
        LoadRequest.postJson(directUri, "sk-mock", body),
        LoadRequest.postJson(gatewayUri, gateway.apiKey(), body));
  }

  /** A short chat request; streamed ones ask for the usage chunk, as Strata's metering needs. */
  static String chatBody(String model, boolean stream) {
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("model", model);
    if (stream) {
      body.put("stream", true).putObject("stream_options").put("include_usage", true);
    }
    body.put("max_tokens", 64);
    ArrayNode messages = body.putArray("messages");
    messages.addObject().put("role", "system").put("content", "You are a concise assistant.");
    messages.addObject().put("role", "user").put("content", PROMPT);
    return body.toString();
  }
}
