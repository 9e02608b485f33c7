package dev.strata.bench.mock;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.OptionalInt;

/** The errors a real OpenAI upstream gives a request before it runs a model. */
final class RequestChecks {
  static final String CHAT = "POST /v1/chat/completions";
  static final String EMBEDDINGS = "POST /v1/embeddings";

  private RequestChecks() {}

  /** 401 when a key is required and {@code authorization} does not carry it. */
  static Optional<MockOutcome.Fail> unauthorized(String authorization, MockSettings settings) {
    String expected = settings.requiredApiKey().map(key -> "Bearer " + key).orElse(null);
    if (expected != null && !expected.equals(authorization)) {
      return error(401, OpenAiErrors.body(401, "Incorrect API key provided."));
    }
    return Optional.empty();
  }

  /** What is wrong with the body of a model request on {@code route}, if anything. */
  static Optional<MockOutcome.Fail> body(
      String route, Optional<JsonNode> json, MockSettings settings) {
    if (json.isEmpty() || !json.get().isObject()) {
      return error(400, OpenAiErrors.invalidRequest("The request body is not a JSON object."));
    }
    String model = json.get().path("model").asText("");
    if (model.isEmpty()) {
      return error(400, OpenAiErrors.invalidRequest("You must provide a model parameter."));
    }
    if (settings.unknownModels().contains(model)) {
      return error(404, OpenAiErrors.modelNotFound(model));
    }
    if (route.equals(CHAT) && !json.get().path("messages").isArray()) {
      return error(400, OpenAiErrors.invalidRequest("Missing required parameter: 'messages'."));
    }
    if (route.equals(EMBEDDINGS) && EmbeddingsJson.inputs(json.get()).isEmpty()) {
      return error(400, OpenAiErrors.invalidRequest("Missing required parameter: 'input'."));
    }
    return Optional.empty();
  }

  static Optional<MockOutcome.Fail> error(int status, String body) {
    return Optional.of(new MockOutcome.Fail(status, OptionalInt.empty(), body));
  }
}
