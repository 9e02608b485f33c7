package dev.strata.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.model.StopReason;

/** Maps OpenAI's {@code finish_reason} onto the canonical {@link StopReason}. */
final class FinishReasons {
  private FinishReasons() {}

  /**
   * The stop reason of a choice. OpenAI says only {@code stop} when a stop sequence matched; vLLM
   * adds {@code stop_reason} with the matched string, which is read as {@code STOP_SEQUENCE}. Some
   * servers (Ollama) finish tool calls with {@code stop}; a choice with tool calls is {@code
   * TOOL_USE} whatever it says.
   */
  static StopReason of(JsonNode choice, boolean hasToolCalls) {
    return of(
        choice.path("finish_reason").asText(""),
        choice.path("stop_reason").isTextual(),
        hasToolCalls);
  }

  /**
   * The stop reason for {@code finish}; {@code stopSequenceNamed} when the choice carries vLLM's
   * {@code stop_reason} string.
   */
  static StopReason of(String finish, boolean stopSequenceNamed, boolean hasToolCalls) {
    return switch (finish) {
      case "length" -> StopReason.MAX_TOKENS;
      case "tool_calls", "function_call" -> StopReason.TOOL_USE;
      case "content_filter" -> StopReason.CONTENT_FILTERED;
      default -> {
        if (hasToolCalls) {
          yield StopReason.TOOL_USE;
        }
        yield finish.equals("stop") && stopSequenceNamed
            ? StopReason.STOP_SEQUENCE
            : StopReason.END_TURN;
      }
    };
  }
}
