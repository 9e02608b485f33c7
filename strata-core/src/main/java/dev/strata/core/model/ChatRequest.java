package dev.strata.core.model;

import static java.util.Objects.requireNonNull;

import dev.strata.core.error.StrataException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The canonical request every frontend translates into: a Bedrock-Converse-shaped conversation.
 *
 * @param model the model or alias the caller asked for
 * @param system system prompt blocks (text and cache points)
 * @param messages the conversation, oldest first
 * @param inference sampling settings
 * @param tools tools offered to the model, if any
 * @param responseFormat the required answer shape
 * @param metadata caller-supplied request metadata, kept for attribution
 */
public record ChatRequest(
    String model,
    List<ContentBlock> system,
    List<Message> messages,
    InferenceConfig inference,
    Optional<ToolConfig> tools,
    ResponseFormat responseFormat,
    Map<String, String> metadata) {

  public ChatRequest {
    requireNonNull(model, "model");
    system = List.copyOf(requireNonNull(system, "system"));
    messages = List.copyOf(requireNonNull(messages, "messages"));
    requireNonNull(inference, "inference");
    requireNonNull(tools, "tools");
    requireNonNull(responseFormat, "responseFormat");
    metadata = Map.copyOf(requireNonNull(metadata, "metadata"));
  }

  /** A minimal request: one user message, default settings. */
  public static ChatRequest of(String model, String userText) {
    return new ChatRequest(
        model,
        List.of(),
        List.of(Message.user(userText)),
        InferenceConfig.DEFAULTS,
        Optional.empty(),
        new ResponseFormat.Text(),
        Map.of());
  }

  public ChatRequest withModel(String newModel) {
    return new ChatRequest(newModel, system, messages, inference, tools, responseFormat, metadata);
  }

  public ChatRequest withInference(InferenceConfig newInference) {
    return new ChatRequest(model, system, messages, newInference, tools, responseFormat, metadata);
  }

  /**
   * Refuses a request with more cache points than Anthropic and Bedrock accept ({@link
   * ContentBlock.CachePoint#MAX_PER_REQUEST}), whichever wire format it came in or goes out in.
   *
   * @throws StrataException INVALID_REQUEST naming the count and the limit
   */
  public void requireCachePointsWithinLimit() {
    int cachePoints = cachePointCount();
    if (cachePoints > ContentBlock.CachePoint.MAX_PER_REQUEST) {
      throw StrataException.invalid(
          "cachePoint",
          "The request has "
              + cachePoints
              + " cache points; at most "
              + ContentBlock.CachePoint.MAX_PER_REQUEST
              + " are allowed.");
    }
  }

  /**
   * How many cache points the request carries: after tools, in the system prompt, in messages and
   * inside tool results.
   */
  public int cachePointCount() {
    int count = 0;
    if (tools.isPresent()) {
      for (ToolSpec tool : tools.get().tools()) {
        count += tool.cachePointAfter().isPresent() ? 1 : 0;
      }
    }
    count += cachePoints(system);
    for (Message message : messages) {
      count += cachePoints(message.content());
    }
    return count;
  }

  private static int cachePoints(List<ContentBlock> blocks) {
    int count = 0;
    for (ContentBlock block : blocks) {
      count +=
          switch (block) {
            case ContentBlock.CachePoint point -> 1;
            case ContentBlock.ToolResult result -> cachePoints(result.content());
            default -> 0;
          };
    }
    return count;
  }

  /** The system prompt's text blocks joined by blank lines. */
  public String systemText() {
    StringBuilder text = new StringBuilder();
    for (ContentBlock block : system) {
      if (block instanceof ContentBlock.Text t) {
        if (!text.isEmpty()) {
          text.append("\n\n");
        }
        text.append(t.text());
      }
    }
    return text.toString();
  }
}
