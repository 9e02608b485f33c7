package dev.strata.server.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.Usage;
import io.vertx.core.buffer.Buffer;

/**
 * InvokeModel request and response bodies outside an HTTP call, for Bedrock batch records, whose
 * {@code modelInput} is an InvokeModel body and whose {@code modelOutput} is its response.
 */
public final class InvokeModelBodies {
  private static final AnthropicBodyDecoder ANTHROPIC = new AnthropicBodyDecoder();
  private static final ConverseDecoder CONVERSE = new ConverseDecoder();

  private InvokeModelBodies() {}

  /** The two body shapes InvokeModel takes. */
  public enum Shape {
    /** Anthropic Messages, the form Bedrock takes for Claude ({@code anthropic_version}). */
    ANTHROPIC_MESSAGES,
    /** Bedrock Converse. */
    CONVERSE;

    /** A body with {@code anthropic_version} is Anthropic Messages; any other is Converse. */
    public static Shape of(JsonNode body) {
      return body.isObject() && body.has("anthropic_version") ? ANTHROPIC_MESSAGES : CONVERSE;
    }
  }

  /**
   * Decodes {@code body} for {@code model}.
   *
   * @throws dev.strata.core.error.StrataException INVALID_REQUEST naming the member at fault by its
   *     path inside the body, e.g. {@code messages.0.role}
   */
  public static ChatRequest decode(Shape shape, String model, JsonNode body) {
    return switch (shape) {
      case ANTHROPIC_MESSAGES -> ANTHROPIC.decode(model, body);
      case CONVERSE -> CONVERSE.decode(model, body);
    };
  }

  /** The response body InvokeModel answers a request of {@code shape} with. */
  public static Buffer response(
      Shape shape,
      String requestId,
      String model,
      ChatResponse answer,
      Usage usage,
      long latencyMs) {
    return switch (shape) {
      case ANTHROPIC_MESSAGES -> AnthropicBodyEncoder.response(requestId, model, answer, usage);
      case CONVERSE -> ConverseEncoder.response(answer, usage, latencyMs);
    };
  }
}
