package dev.strata.server.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.EmbeddingRequest;
import dev.strata.core.model.EmbeddingResponse;
import dev.strata.core.model.Usage;
import dev.strata.server.http.Json;
import io.vertx.core.buffer.Buffer;

/**
 * The request and response bodies of {@code /v1/chat/completions} and {@code /v1/embeddings}, for
 * code outside this package that reads and writes the same bodies (the batch line format), so a
 * batch line is checked and answered exactly as the endpoint would.
 */
public final class OpenAiBodies {
  private OpenAiBodies() {}

  /**
   * Decodes a chat completion request body; refuses {@code stream: true}, since the answer goes
   * back in one piece.
   *
   * @throws StrataException INVALID_REQUEST naming the field at fault
   */
  public static ChatRequest chatRequest(JsonNode body) {
    ChatRequestDecoder.DecodedChat chat = new ChatRequestDecoder().decode(body);
    if (chat.stream()) {
      throw JsonFields.invalidValue("stream", "Streaming is not available here; leave 'stream' out.");
    }
    return chat.request();
  }

  /**
   * Decodes an embeddings request body. Its {@code encoding_format} is checked but not returned:
   * callers that answer with {@link #embeddings} support {@code float} only.
   *
   * @throws StrataException INVALID_REQUEST naming the field at fault
   */
  public static EmbeddingRequest embeddingRequest(JsonNode body) {
    return new EmbeddingsDecoder().decode(body).request();
  }

  /** The {@code chat.completion} object {@code /v1/chat/completions} answers with. */
  public static Buffer chatCompletion(
      String requestId, long created, String model, ChatResponse answer, Usage usage) {
    return ChatCompletionEncoder.encode(requestId, created, model, answer, usage);
  }

  /** The embeddings list {@code /v1/embeddings} answers with, vectors as float arrays. */
  public static Buffer embeddings(String model, EmbeddingResponse answer, long promptTokens) {
    return EmbeddingsEncoder.encode(model, answer, promptTokens, false);
  }

  /** The {@code {"error":{...}}} body an endpoint answers a failure with. */
  public static Buffer error(StrataException failure) {
    return Json.write(256, json -> OpenAiErrors.writeError(json, failure));
  }
}
